package org.saliency4j.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.saliency4j.ModelFormatException;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.UnsupportedLayerException;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.testing.SharedFiles;

/** Keras HDF5 import: small files written here in Keras' layout, the bad inputs, and the notebook's real model. */
class KerasModelsTest {
    @TempDir
    Path dir;

    private static final String CONV = "\"name\": \"conv\", \"batch_input_shape\": [null, 4, 4, 2], \"filters\": 3, "
            + "\"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"valid\", \"data_format\": \"channels_last\", "
            + "\"dilation_rate\": [1, 1], \"activation\": \"relu\", \"use_bias\": true";

    /** Kernel values 0, 1, 2, ... in Keras' (h, w, in, out) order, so a misread layout shows. */
    private static float[][][][] kernel(int h, int w, int in, int out) {
        float[][][][] k = new float[h][w][in][out];
        int v = 0;
        for (float[][][] a : k) {
            for (float[][] b : a) {
                for (float[] c : b) {
                    for (int o = 0; o < out; o++) {
                        c[o] = v++ / 100f;
                    }
                }
            }
        }
        return k;
    }

    private static Map<String, Object> weights(Object... pathsAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            m.put((String) pathsAndValues[i], pathsAndValues[i + 1]);
        }
        return m;
    }

    /** Conv2D, MaxPooling2D, Flatten, Dropout, Dense(softmax): the notebook's layer kinds in miniature. */
    private KerasFile small(String convConfig, Object convKernel) {
        return new KerasFile()
                .layer("Conv2D", convConfig, weights("conv_9/kernel:0", convKernel, "conv_9/bias:0", new float[] {1, 2, 3}))
                .layer("MaxPooling2D", "\"name\": \"pool\", \"pool_size\": [2, 2], \"padding\": \"valid\", "
                        + "\"strides\": [2, 2], \"data_format\": \"channels_last\"", Map.of())
                .layer("Flatten", "\"name\": \"flatten\", \"data_format\": \"channels_last\"", Map.of())
                .layer("Dropout", "\"name\": \"drop\", \"rate\": 0.5", Map.of())
                .layer("Dense", "\"name\": \"out\", \"units\": 2, \"activation\": \"softmax\", \"use_bias\": true",
                        weights("out/kernel:0", new float[][] {{1, 2}, {3, 4}, {5, 6}}, "out/bias:0", new float[] {0, 1}));
    }

    private Path smallFile() {
        return small(CONV, kernel(3, 3, 2, 3)).write(dir.resolve("small.h5"), true);
    }

    @Test
    void loadsASequentialModelWithItsShapesAndWeights() throws IOException {
        Model m = KerasModels.load(smallFile());
        assertThat(m.name()).isEqualTo("test_model");
        assertThat(m.layers()).extracting(Layer::name).containsExactly("conv", "pool", "flatten", "drop", "out");
        assertThat(m.layers()).extracting(Layer::outputShape)
                .containsExactly(Shape.of(2, 2, 3), Shape.of(1, 1, 3), Shape.of(3), Shape.of(3), Shape.of(2));
        assertThat(m.inputShape()).isEqualTo(Shape.of(4, 4, 2));
        LayerOp.Conv2D conv = (LayerOp.Conv2D) m.layer(0).op();
        assertThat(conv.kernel().get(2, 1, 1, 2)).isEqualTo(((2 * 3 + 1) * 2 + 1) * 3 / 100f + 2 / 100f);
        assertThat(conv.bias().toArray()).containsExactly(1, 2, 3);
        assertThat(conv.padding()).isEqualTo(Padding.VALID);
        assertThat(m.layer(0).activation()).isEqualTo(Activation.RELU);
        assertThat(m.layer("out").activation()).isEqualTo(Activation.SOFTMAX);
        assertThat(m.parameterCount()).isEqualTo(3 * 3 * 2 * 3 + 3 + 3 * 2 + 2);
    }

    @Test
    void weightsAreFoundThroughWeightNamesNotTheLayerName() throws IOException {
        // The file stores conv's arrays under "conv_9/...", as Keras does after a layer was renamed.
        Model m = KerasModels.load(smallFile());
        assertThat(((LayerOp.Conv2D) m.layer("conv").op()).kernel().shape()).isEqualTo(Shape.of(3, 3, 2, 3));
    }

    @Test
    void theFormatComesFromTheBytesNotTheExtension() throws IOException {
        Path misnamed = small(CONV, kernel(3, 3, 2, 3)).write(dir.resolve("model.keras"), true);
        assertThat(KerasModels.load(misnamed).layers()).hasSize(5);
        Path text = Files.writeString(dir.resolve("model.h5"), "this is not a model");
        assertThatThrownBy(() -> KerasModels.load(text)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("not an HDF5 file");
    }

    @Test
    void aDamagedZipArchiveIsAFormatError() throws IOException {
        Path zip = Files.write(dir.resolve("model.h5"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0});
        assertThatThrownBy(() -> KerasModels.load(zip)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(zip.toString());
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThatThrownBy(() -> KerasModels.load(dir.resolve("absent.h5"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("absent.h5");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999})
    void aTruncatedFileFailsWithAModelFormatError(double fraction) throws IOException {
        byte[] whole = Files.readAllBytes(smallFile());
        Path cut = Files.write(dir.resolve("cut.h5"), Arrays.copyOf(whole, (int) (whole.length * fraction)));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThatThrownBy(() -> KerasModels.load(cut)).isInstanceOf(ModelFormatException.class)
                        .hasMessageContaining(cut.toString())
                        // In our words: the HDF5 library's exception stays the cause, out of the message.
                        .hasMessageNotContaining("Exception").hasMessageNotContaining("io.jhdf"));
    }

    @Test
    void aDamagedArchitectureIsBlamedOnItsOwnFileNotTheWeights() throws IOException {
        Path weights = small(CONV, kernel(3, 3, 2, 3)).write(dir.resolve("weights.h5"), false);
        Path architecture = Files.writeString(dir.resolve("architecture.json"), "{\"class_name\": \"Sequential\", ");
        assertThatThrownBy(() -> KerasModels.load(weights, architecture)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(architecture + ": not valid JSON").hasMessageNotContaining("weights.h5");
    }

    @Test
    void aWeightThatIsNotAFiniteNumberIsReportedAtLoadTime() {
        float[][][][] k = kernel(3, 3, 2, 3);
        k[1][2][0][1] = Float.POSITIVE_INFINITY;
        Path f = small(CONV, k).write(dir.resolve("inf.h5"), true);
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("layer 'conv' (Conv2D) has weight 'conv_9/kernel:0' holding Infinity at flat index "
                        + ((1 * 3 + 2) * 2 * 3 + 1)).hasMessageContaining("copy or download it again");
    }

    @Test
    void anHdf5FileWithoutModelConfigIsExplained() {
        Path weightsOnly = small(CONV, kernel(3, 3, 2, 3)).write(dir.resolve("weights.h5"), false);
        assertThatThrownBy(() -> KerasModels.load(weightsOnly)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(weightsOnly.toString()).hasMessageContaining("model_config")
                .hasMessageContaining("save_weights");
    }

    @Test
    void anUnsupportedLayerClassNamesTheLayerAndListsWhatIsSupported() {
        Path f = new KerasFile().layer("Conv2D", CONV, weights("conv/kernel:0", kernel(3, 3, 2, 3), "conv/bias:0", new float[3]))
                .layer("LSTM", "\"name\": \"memory\", \"units\": 4", Map.of()).write(dir.resolve("lstm.h5"), true);
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(UnsupportedLayerException.class)
                .hasMessageContaining("'memory' (LSTM)").hasMessageContaining("Conv2D").hasMessageContaining("MaxPooling2D");
    }

    @Test
    void channelsFirstConvolutionsRunChannelsLastBetweenTwoPermutations() throws IOException {
        String cf = CONV.replace("channels_last", "channels_first").replace("[null, 4, 4, 2]", "[null, 2, 4, 4]");
        Path f = new KerasFile().layer("Conv2D", cf, weights("conv/kernel:0", kernel(3, 3, 2, 3), "conv/bias:0",
                new float[3])).write(dir.resolve("cf.h5"), true);
        Model m = KerasModels.load(f);
        assertThat(m.inputShape()).isEqualTo(Shape.of(2, 4, 4));
        assertThat(m.outputShape()).isEqualTo(Shape.of(3, 2, 2));
        assertThat(m.layer("conv").inbound().get(0).name()).isEqualTo("conv/conv");
    }

    @Test
    void channelsFirstPoolingIsUnsupported() {
        Path f = new KerasFile().layer("MaxPooling2D", "\"name\": \"pool\", \"batch_input_shape\": [null, 2, 4, 4], "
                + "\"data_format\": \"channels_first\"", Map.of()).write(dir.resolve("cfp.h5"), true);
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(UnsupportedLayerException.class)
                .hasMessageContaining("'pool' (MaxPooling2D)").hasMessageContaining("channels_first");
    }

    @Test
    void dilationIsUnsupported() {
        Path f = small(CONV.replace("\"dilation_rate\": [1, 1]", "\"dilation_rate\": [2, 2]"), kernel(3, 3, 2, 3))
                .write(dir.resolve("dilated.h5"), true);
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(UnsupportedLayerException.class)
                .hasMessageContaining("'conv' (Conv2D)").hasMessageContaining("dilation_rate 2x2");
    }

    @Test
    void anUnknownActivationIsUnsupportedAndTheSupportedOnesAreListed() {
        Path f = small(CONV.replace("\"activation\": \"relu\"", "\"activation\": \"gelu\""), kernel(3, 3, 2, 3))
                .write(dir.resolve("gelu.h5"), true);
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(UnsupportedLayerException.class)
                .hasMessageContaining("'gelu'").hasMessageContaining("swish");
    }

    @Test
    void weightsThatContradictTheConfigurationAreAShapeMismatch() {
        Path f = small(CONV, kernel(3, 3, 2, 4)).write(dir.resolve("wrong.h5"), true);
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(ShapeMismatchException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("'conv' (Conv2D)")
                .hasMessageContaining("conv_9/kernel:0").hasMessageContaining("(3, 3, 2, 4)")
                .hasMessageContaining("(3, 3, 2, 3)");
    }

    @Test
    void aLayerThatDoesNotFitItsInputIsAShapeMismatchNamingIt() {
        String tooBig = CONV.replace("\"kernel_size\": [3, 3]", "\"kernel_size\": [5, 5]");
        Path f = small(tooBig, kernel(5, 5, 2, 3)).write(dir.resolve("big.h5"), true);
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(ShapeMismatchException.class)
                .hasMessageContaining("'conv' (Conv2D)").hasMessageContaining("(4, 4, 2)");
    }

    @Test
    void anInvalidValueInTheConfigurationIsAFormatErrorNamingTheLayer() {
        Path f = small(CONV.replace("\"strides\": [1, 1]", "\"strides\": [0, 1]"), kernel(3, 3, 2, 3))
                .write(dir.resolve("stride.h5"), true);
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("'conv' (Conv2D)").hasMessageContaining("strides must be positive");
    }

    @Test
    void aFunctionalGraphWithAMergeLoads() throws IOException {
        String functional = "{\"class_name\": \"Model\", \"config\": {\"name\": \"graph\", \"layers\": ["
                + "{\"name\": \"in\", \"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", "
                + "\"batch_input_shape\": [null, 3, 3, 2]}, \"inbound_nodes\": []},"
                + "{\"name\": \"a\", \"class_name\": \"Activation\", \"config\": {\"name\": \"a\", "
                + "\"activation\": \"relu\"}, \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]},"
                + "{\"name\": \"sum\", \"class_name\": \"Add\", \"config\": {\"name\": \"sum\"}, "
                + "\"inbound_nodes\": [[[\"a\", 0, 0, {}], [\"in\", 0, 0, {}]]]}],"
                + "\"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"sum\", 0, 0]]}}";
        Path f = new KerasFile().modelConfig(functional).write(dir.resolve("functional.h5"), true);
        Model m = KerasModels.load(f);
        assertThat(m.layers()).extracting(Layer::name).containsExactly("in", "a", "sum");
        assertThat(m.layer("sum").inbound()).extracting(Layer::name).containsExactly("a", "in");
        assertThat(m.layer(0).isInput()).isTrue();
    }

    @Test
    void preprocessingLayersLoad() throws IOException {
        Path f = new KerasFile()
                .layer("Rescaling", "\"name\": \"rescale\", \"batch_input_shape\": [null, 6, 6, 2], "
                        + "\"scale\": 0.00392156862745098, \"offset\": 0.0", Map.of())
                .layer("Normalization", "\"name\": \"norm\", \"axis\": [-1], \"mean\": [0.5, 0.25], "
                        + "\"variance\": [4.0, 0.25]", Map.of())
                .layer("PReLU", "\"name\": \"prelu\", \"shared_axes\": [1, 2]",
                        weights("prelu/alpha:0", new float[][][] {{{0.1f, 0.2f}}}))
                .write(dir.resolve("pre.h5"), true);
        Model m = KerasModels.load(f);
        LayerOp.Affine norm = (LayerOp.Affine) m.layer("norm").op();
        // (x - 0.5) / sqrt(4) and (x - 0.25) / sqrt(0.25)
        assertThat(norm.scale().toArray()).containsExactly(0.5f, 2f);
        assertThat(norm.offset().toArray()).containsExactly(-0.25f, -0.5f);
        assertThat(((LayerOp.PRelu) m.layer("prelu").op()).alpha().toArray()).containsExactly(0.1f, 0.2f);
    }

    @Test
    void reshapingLayersLoad() throws IOException {
        Path f = new KerasFile()
                .layer("Cropping2D", "\"name\": \"crop\", \"batch_input_shape\": [null, 6, 6, 2], "
                        + "\"cropping\": [[1, 1], [0, 2]], \"data_format\": \"channels_last\"", Map.of())
                .layer("UpSampling2D", "\"name\": \"up\", \"size\": [2, 2], \"interpolation\": \"nearest\"", Map.of())
                .layer("Permute", "\"name\": \"perm\", \"dims\": [3, 1, 2]", Map.of())
                .write(dir.resolve("shapes.h5"), true);
        Model m = KerasModels.load(f);
        assertThat(m.layers()).extracting(Layer::outputShape)
                .containsExactly(Shape.of(4, 4, 2), Shape.of(8, 8, 2), Shape.of(2, 8, 8));
        assertThat(((LayerOp.Permute) m.layer("perm").op()).order()).containsExactly(2, 0, 1);
    }

    @Test
    void invalidJsonInTheConfigurationIsAFormatError() {
        Path f = small(CONV, kernel(3, 3, 2, 3)).modelConfig("{\"class_name\": ").write(dir.resolve("json.h5"), true);
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void keras20SequentialConfigsThatAreABareLayerListLoad() throws IOException {
        KerasFile file = small(CONV, kernel(3, 3, 2, 3));
        Path normal = file.write(dir.resolve("normal.h5"), true);
        String layers = Files.readString(normal, StandardCharsets.ISO_8859_1)
                .replaceAll("(?s).*\"layers\": (\\[.*\\])}}.*", "$1");
        Path old = small(CONV, kernel(3, 3, 2, 3))
                .modelConfig("{\"class_name\": \"Sequential\", \"config\": " + layers + "}").write(dir.resolve("old.h5"), true);
        assertThat(KerasModels.load(old).layers()).hasSize(5);
    }

    @Test
    void theNotebookModelHasTheLayersOfNotebookMd() throws IOException {
        Model m = KerasModels.load(SharedFiles.require(SharedFiles.CNN5));
        assertThat(m.layers()).extracting(Layer::name).containsExactly("conv_0", "max_pooling2d", "conv_1",
                "max_pooling2d_1", "conv_2", "flatten", "dropout", "dense_0", "dense_1");
        assertThat(m.layers()).extracting(Layer::kerasClass).containsExactly("Conv2D", "MaxPooling2D", "Conv2D",
                "MaxPooling2D", "Conv2D", "Flatten", "Dropout", "Dense", "Dense");
        assertThat(m.layers()).extracting(Layer::outputShape).containsExactly(Shape.of(30, 30, 32),
                Shape.of(15, 15, 32), Shape.of(13, 13, 64), Shape.of(6, 6, 64), Shape.of(4, 4, 64), Shape.of(1024),
                Shape.of(1024), Shape.of(64), Shape.of(10));
        assertThat(m.parameterCount()).isEqualTo(122_570);
        assertThat(m.layer(8).activation()).isEqualTo(Activation.SOFTMAX);
        Model partial = m.truncatedAt(2);
        assertThat(partial.layers()).extracting(Layer::name).containsExactly("conv_0", "max_pooling2d", "conv_1");
        assertThat(partial.outputShape()).isEqualTo(Shape.of(13, 13, 64));
    }

    @Test
    void theNotebookModelSummaryMatchesKeras() throws IOException {
        String summary = KerasModels.load(SharedFiles.require(SharedFiles.CNN5)).summary();
        // Rows as Keras 2.2's model.summary() prints them for this model (class names cut at 28 characters).
        assertThat(summary.lines().toList()).contains(
                "conv_0 (Conv2D)              (None, 30, 30, 32)        896",
                "max_pooling2d (MaxPooling2D) (None, 15, 15, 32)        0",
                "conv_1 (Conv2D)              (None, 13, 13, 64)        18496",
                "conv_2 (Conv2D)              (None, 4, 4, 64)          36928",
                "flatten (Flatten)            (None, 1024)              0",
                "dense_0 (Dense)              (None, 64)                65600",
                "dense_1 (Dense)              (None, 10)                650",
                "Total params: 122,570",
                "Trainable params: 122,570",
                "Non-trainable params: 0");
        assertThat(summary).startsWith("Model: \"sequential\"");
        assertThat(List.of(summary.split("\n"))).hasSize(26);
    }

    @Test
    void nestedModelsAreFlattenedAndSummarisedAsKerasDoes() throws IOException {
        Model m = KerasModels.load(SharedFiles.require(SharedFiles.ZOO).resolve("963n-TeachableMachine__keras_model.h5"));
        // Sequential[Sequential[Functional MobileNetV2 "model1", pooling], Sequential[Dense, Dense]]
        assertThat(m.containers()).containsKeys("sequential_1", "sequential_1/model1", "sequential_3");
        assertThat(m.layer("sequential_1/model1/block_2_add").inbound()).hasSize(2);
        // A nested layer's own name finds it where no other layer ends in that name, as Keras' get_layer does
        // level by level.
        assertThat(m.layer("block_13_expand_relu")).isSameAs(m.layer("sequential_1/model1/block_13_expand_relu"));
        assertThatThrownBy(() -> m.layer("block_13_exp")).hasMessageEndingWith("no layer named 'block_13_exp'; "
                + "the layers whose names contain it are [sequential_1/model1/block_13_expand, "
                + "sequential_1/model1/block_13_expand_BN, sequential_1/model1/block_13_expand_relu]");
        // Keras: model.layers[0].layers[0].layers[1] is model1's first convolution (layers[0] is its InputLayer).
        assertThat(m.layerAt(0, 0, 1).name()).isEqualTo("sequential_1/model1/Conv1_pad");
        assertThat(m.layerAt(1, 1).name()).isEqualTo("sequential_3/dense_Dense2");
        assertThat(m.layerAt(0).name()).isEqualTo("sequential_1/global_average_pooling2d_GlobalAveragePooling2D1");
        assertThat(m.summary().lines().toList()).contains(
                "sequential_1 (Sequential)    (None, 1280)              410208",
                "sequential_3 (Sequential)    (None, 2)                 128300",
                "Total params: 538,508");
    }

    @Test
    void keras205FilesWithByteStringNamesAndRenamedWeightGroupsLoad() throws IOException {
        // MANIFEST.md: group batch_normalization_1 holds batch_normalization_1_1/beta:0; names are byte strings.
        Model m = KerasModels.load(SharedFiles.require(SharedFiles.ZOO)
                .resolve("oarriaga-face_classification__fer2013_mini_XCEPTION.102-0.66.hdf5"));
        assertThat(m.layer("batch_normalization_1").op()).isInstanceOf(LayerOp.BatchNorm.class);
        assertThat(m.inputShape()).isEqualTo(Shape.of(64, 64, 1));
    }

    @Test
    void keras3ArchivesMatchWeightsByOrderWithinEachClass() throws IOException {
        // Row 17: the config calls the first convolution conv2d_39, its weights are under layers/conv2d.
        Model m = KerasModels.load(SharedFiles.require(SharedFiles.ZOO).resolve("statick88-pyDayPiura2024__cifar10_model.keras"));
        assertThat(m.layer("conv2d_39").op()).isInstanceOf(LayerOp.Conv2D.class);
        assertThat(KerasZipReader.snakeCase("MaxPooling2D")).isEqualTo("max_pooling2d");
        assertThat(KerasZipReader.snakeCase("BatchNormalization")).isEqualTo("batch_normalization");
        assertThat(KerasZipReader.snakeCase("DepthwiseConv2D")).isEqualTo("depthwise_conv2d");
    }
}
