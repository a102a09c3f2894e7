package org.saliency4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.Baseline;
import org.saliency4j.attribution.MethodOptions;
import org.saliency4j.attribution.Quadrature;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.image.Images;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.CifarPngs;
import org.saliency4j.testing.SharedFiles;
import org.saliency4j.trust.AverageDrop;
import org.saliency4j.trust.DeletionInsertion;
import org.saliency4j.trust.Infidelity;
import org.saliency4j.trust.MaxSensitivity;
import org.saliency4j.trust.MuFidelity;

/**
 * The transformer in local mode ({@code local[2]}) on CIFAR-10 test images written as PNG files: its maps equal, to
 * the bit, what {@code explain} computes for the same files (the same reading, scaling and methods, one image at a
 * time); an unreadable row gets an error naming it and loses no other row, or fails the job when asked; and the
 * model is loaded once per executor JVM, not once per partition.
 */
class ExplainTransformerTest {
    private static final int IMAGES = 6;
    private static final List<String> METHODS = List.of("gradient", "grad-cam", "integrated-gradients");

    @TempDir
    static Path folder;
    private static SparkSession spark;
    private static Path model;

    @BeforeAll
    static void start() throws IOException {
        model = SharedFiles.require(SharedFiles.CNN5);
        CifarPngs.write(folder.resolve("images"), IMAGES);
        Files.write(folder.resolve("images").resolve("x-broken.png"), new byte[] {1, 2, 3, 4});
        spark = SparkSession.builder().master("local[2]").appName("saliency4j-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        spark.sparkContext().setLogLevel("OFF"); // the failing jobs below are expected; their errors reach the tests
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static ExplainTransformer transformer() {
        return new ExplainTransformer().setModelPath(model.toString()).setMethods(String.join(",", METHODS))
                .setBatchSize(4);
    }

    private static List<Row> sortedByPath(Dataset<Row> d) {
        List<Row> rows = new ArrayList<>(d.collectAsList());
        rows.sort(Comparator.comparing(r -> r.<String>getAs("path")));
        return rows;
    }

    @Test
    void mapsEqualExplainsForTheSameFilesToTheBit() throws IOException {
        Dataset<Row> files = spark.read().format("binaryFile").option("pathGlobFilter", "test-*.png")
                .load(folder.resolve("images").toString()).repartition(3);
        List<Row> rows = sortedByPath(transformer().setInputCol("content").transform(files));
        assertThat(rows).hasSize(IMAGES);
        Model m = KerasModels.load(model);
        try (Backend cpu = new CpuBackendProvider().create(); CompiledModel compiled = cpu.compile(m)) {
            for (int i = 0; i < IMAGES; i++) {
                Row row = rows.get(i);
                assertThat(row.<String>getAs("error")).isNull();
                Path file = folder.resolve("images").resolve("test-" + i + ".png");
                assertThat(row.<String>getAs("path")).endsWith("test-" + i + ".png");
                Tensor input = Images.read(file, m.inputShape(), PixelScaling.unit(), Images.Fit.STRETCH);
                for (String name : METHODS) {
                    AttributionMethod method = Attributions.resolvedFor(Attributions.byName(name), m);
                    Attribution expected = method.explain(compiled, input, Target.top1()).get(0);
                    Row map = row.getAs(name);
                    assertThat(map.getList(0)).as("%s shape", name)
                            .isEqualTo(toList(expected.map().shape().toArray()));
                    List<Float> values = map.getList(1);
                    float[] want = expected.map().toArray();
                    assertThat(values).hasSize(want.length);
                    for (int k = 0; k < want.length; k++) {
                        assertThat(Float.floatToIntBits(values.get(k))).as("%s image %d value %d", name, i, k)
                                .isEqualTo(Float.floatToIntBits(want[k]));
                    }
                    assertThat(row.<Integer>getAs("target")).isEqualTo(expected.target());
                    assertThat(row.<Double>getAs("score")).isEqualTo(expected.score());
                }
                assertThat(row.<Double>getAs("probability")).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void theImageSourceGivesTheSameMapsAsTheFiles() {
        Dataset<Row> images = spark.read().format("image").load(folder.resolve("images").resolve("test-*.png")
                .toString());
        List<Row> fromImages = new ArrayList<>(transformer().setMethods("gradient").transform(images)
                .select("image.origin", "gradient").collectAsList());
        fromImages.sort(Comparator.comparing(r -> r.getString(0)));
        Dataset<Row> files = spark.read().format("binaryFile").option("pathGlobFilter", "test-*.png")
                .load(folder.resolve("images").toString());
        List<Row> fromFiles = sortedByPath(transformer().setMethods("gradient").setInputCol("content")
                .transform(files));
        assertThat(fromImages).hasSize(IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            assertThat(fromImages.get(i).getStruct(1).getList(1))
                    .isEqualTo(fromFiles.get(i).<Row>getAs("gradient").getList(1));
        }
    }

    @Test
    void anUnreadableRowGetsAnErrorNamingItAndLosesNoOtherRow() {
        Dataset<Row> files = spark.read().format("binaryFile").load(folder.resolve("images").toString());
        List<Row> rows = sortedByPath(transformer().setInputCol("content").transform(files));
        assertThat(rows).hasSize(IMAGES + 1);
        Row broken = rows.get(IMAGES);
        assertThat(broken.<String>getAs("error")).contains("x-broken.png").contains("not an image");
        assertThat(broken.<Object>getAs("gradient")).isNull();
        assertThat(rows.subList(0, IMAGES)).allSatisfy(r -> assertThat(r.<String>getAs("error")).isNull());
        assertThatThrownBy(() -> transformer().setInputCol("content").setFailOnError(true).transform(files)
                .collectAsList()).hasMessageContaining("x-broken.png");
    }

    @Test
    void theModelIsLoadedOncePerExecutorJvmNotPerPartition() {
        Dataset<Row> files = spark.read().format("binaryFile").option("pathGlobFilter", "test-*.png")
                .load(folder.resolve("images").toString()).repartition(4);
        transformer().setInputCol("content").transform(files).collectAsList();
        int after = ModelCache.loads();
        transformer().setInputCol("content").transform(files).collectAsList();
        // local mode is one JVM: one load for the model, whatever the partitions and runs (other tests here may
        // have made it first).
        assertThat(after).isEqualTo(1);
        assertThat(ModelCache.loads()).isEqualTo(1);
    }

    @Test
    void theMetricsAreThoseOfTheTrustPackageOnTheSameMaps() throws IOException {
        Dataset<Row> files = spark.read().format("binaryFile").option("pathGlobFilter", "test-[01].png")
                .load(folder.resolve("images").toString());
        List<Row> rows = sortedByPath(transformer().setInputCol("content").setMethods("gradient")
                .setMetrics("deletion,insertion,average-drop,increase-in-confidence").transform(files));
        assertThat(rows).hasSize(2);
        Model m = KerasModels.load(model);
        try (Backend cpu = new CpuBackendProvider().create(); CompiledModel compiled = cpu.compile(m)) {
            for (int i = 0; i < 2; i++) {
                Tensor input = Images.read(folder.resolve("images").resolve("test-" + i + ".png"), m.inputShape(),
                        PixelScaling.unit(), Images.Fit.STRETCH);
                List<Attribution> maps = Attributions.gradient().explain(compiled, input, Target.top1());
                DeletionInsertion di = DeletionInsertion.defaults();
                assertThat(rows.get(i).<Double>getAs("gradient_deletion"))
                        .isEqualTo(di.deletion(compiled, input, maps).get(0).auc());
                assertThat(rows.get(i).<Double>getAs("gradient_insertion"))
                        .isEqualTo(di.insertion(compiled, input, maps).get(0).auc());
                AverageDrop.Result drop = AverageDrop.evaluate(compiled, input, maps).get(0);
                assertThat(rows.get(i).<Double>getAs("gradient_average-drop")).isEqualTo(drop.drop());
                assertThat(rows.get(i).<Double>getAs("gradient_increase-in-confidence"))
                        .isEqualTo(drop.increase() ? 1.0 : 0.0);
            }
        }
        assertThatThrownBy(() -> transformer().setInputCol("content").setMetrics("fidelity").transform(files))
                .hasMessageContaining("the metrics are deletion, insertion, mufidelity, average-drop, "
                        + "increase-in-confidence, infidelity, max-sensitivity");
    }

    @Test
    void theSeededMetricsAreTheTrustPackagesOnEachImageAloneWhateverThePartitionsAndBatches() throws IOException {
        Dataset<Row> files = spark.read().format("binaryFile").option("pathGlobFilter", "test-[01].png")
                .load(folder.resolve("images").toString());
        String seeded = "mufidelity,infidelity,max-sensitivity";
        List<Row> together = sortedByPath(transformer().setInputCol("content").setMethods("gradient")
                .setMetrics(seeded).setSeed(7).transform(files.coalesce(1)));
        List<Row> apart = sortedByPath(transformer().setInputCol("content").setMethods("gradient")
                .setMetrics(seeded).setSeed(7).setBatchSize(1).transform(files.repartition(2)));
        assertThat(together).hasSize(2);
        Model m = KerasModels.load(model);
        try (Backend cpu = new CpuBackendProvider().create(); CompiledModel compiled = cpu.compile(m)) {
            for (int i = 0; i < 2; i++) {
                Tensor input = Images.read(folder.resolve("images").resolve("test-" + i + ".png"), m.inputShape(),
                        PixelScaling.unit(), Images.Fit.STRETCH);
                AttributionMethod gradient = Attributions.gradient();
                List<Attribution> maps = gradient.explain(compiled, input, Target.top1());
                Map<String, Double> expected = Map.of(
                        "gradient_mufidelity", MuFidelity.defaults().withSeed(7).evaluate(compiled, input, maps)[0],
                        "gradient_infidelity", Infidelity.defaults().withSeed(7).evaluate(compiled, input, maps)[0],
                        "gradient_max-sensitivity",
                        MaxSensitivity.defaults().withSeed(7).evaluate(compiled, gradient, input, maps)[0]);
                for (Map.Entry<String, Double> e : expected.entrySet()) {
                    assertThat(together.get(i).<Double>getAs(e.getKey())).as("%s of image %d", e.getKey(), i)
                            .isEqualTo(e.getValue());
                    assertThat(apart.get(i).<Double>getAs(e.getKey())).as("%s, one row a batch", e.getKey())
                            .isEqualTo(e.getValue());
                }
            }
            Tensor first = Images.read(folder.resolve("images").resolve("test-0.png"), m.inputShape(),
                    PixelScaling.unit(), Images.Fit.STRETCH);
            List<Attribution> maps = Attributions.gradient().explain(compiled, first, Target.top1());
            assertThat(MuFidelity.defaults().withSeed(7).evaluate(compiled, first, maps)[0]).as("the seed is used")
                    .isNotEqualTo(MuFidelity.defaults().evaluate(compiled, first, maps)[0]);
        }
    }

    @Test
    void theSeedAlsoSeedsTheMethodsThatDrawAtRandomAsAssessSeedDoes() throws IOException {
        Dataset<Row> files = spark.read().format("binaryFile").option("pathGlobFilter", "test-0.png")
                .load(folder.resolve("images").toString());
        Row row = transformer().setInputCol("content").setMethods("smoothgrad").setSeed(7).transform(files)
                .collectAsList().get(0);
        Model m = KerasModels.load(model);
        try (Backend cpu = new CpuBackendProvider().create(); CompiledModel compiled = cpu.compile(m)) {
            Tensor input = Images.read(folder.resolve("images").resolve("test-0.png"), m.inputShape(),
                    PixelScaling.unit(), Images.Fit.STRETCH);
            float[] seven = Attributions.smoothGrad().withSeed(7).explain(compiled, input, Target.top1()).get(0)
                    .map().toArray();
            float[] zero = Attributions.smoothGrad().explain(compiled, input, Target.top1()).get(0).map().toArray();
            List<Float> values = row.<Row>getAs("smoothgrad").getList(1);
            assertThat(values.get(100)).isEqualTo(seven[100]).isNotEqualTo(zero[100]);
            for (int k = 0; k < seven.length; k++) {
                assertThat(values.get(k)).as("value %d", k).isEqualTo(seven[k]);
            }
        }
    }

    @Test
    void theMethodsSettingsReachTheMethodsAsExplainsOptionsDo() throws IOException {
        Dataset<Row> files = spark.read().format("binaryFile").option("pathGlobFilter", "test-1.png")
                .load(folder.resolve("images").toString());
        String methods = "integrated-gradients,smoothgrad,grad-cam,occlusion";
        ExplainTransformer set = transformer().setInputCol("content").setMethods(methods).setSteps(10)
                .setIgRule("trapezoid").setBaseline("blur:1").setSamples(5).setNoise(0.1).setLayer("conv_1")
                .setWindow(8).setStride(4).setSeed(3);
        // Spark copies a transformer (pipelines, fitting): the settings go with the copy.
        ExplainTransformer copy = set.copy(new org.apache.spark.ml.param.ParamMap());
        assertThat(copy.methodSettings()).isEqualTo(set.methodSettings());
        Row row = copy.transform(files).collectAsList().get(0);
        MethodOptions options = MethodOptions.none().withIntegration(10, Quadrature.TRAPEZOID, null,
                Baseline.blurred(1)).withSmoothing(5, 0.1).withLayer("conv_1").withOcclusion(8, 4).withSeed(3L);
        Model m = KerasModels.load(model);
        try (Backend cpu = new CpuBackendProvider().create(); CompiledModel compiled = cpu.compile(m)) {
            Tensor input = Images.read(folder.resolve("images").resolve("test-1.png"), m.inputShape(),
                    PixelScaling.unit(), Images.Fit.STRETCH);
            for (String name : methods.split(",")) {
                AttributionMethod method = Attributions.resolvedFor(options.applyTo(Attributions.byName(name)), m);
                float[] want = method.explain(compiled, input, Target.top1()).get(0).map().toArray();
                List<Float> values = row.<Row>getAs(name).getList(1);
                for (int k = 0; k < want.length; k++) {
                    assertThat(values.get(k)).as("%s value %d", name, k).isEqualTo(want[k]);
                }
            }
        }
        assertThatThrownBy(() -> transformer().setInputCol("content").setMethods("grad-cam").setLayer("conv_9")
                .transform(files)).hasMessageContaining("no layer named 'conv_9'");
        assertThatThrownBy(() -> transformer().setInputCol("content").setMethods("integrated-gradients")
                .setIgRule("simpson").transform(files)).hasMessageContaining("gauss-legendre or trapezoid");
        assertThatThrownBy(() -> transformer().setInputCol("content").setMethods("integrated-gradients")
                .setBaseline("grey").transform(files)).hasMessageContaining("zero or blur:S, not 'grey'");
    }

    @Test
    void aColumnOfTheWrongKindIsRefusedBeforeAnyWork() {
        Dataset<Row> numbers = spark.range(3).toDF("id");
        assertThatThrownBy(() -> transformer().setInputCol("id").transform(numbers))
                .hasMessageContaining("column 'id' holds bigint");
        assertThatThrownBy(() -> transformer().setInputCol("nothing").transform(numbers))
                .hasMessageContaining("no column 'nothing'");
    }

    private static List<Integer> toList(int[] v) {
        List<Integer> out = new ArrayList<>();
        for (int x : v) {
            out.add(x);
        }
        return out;
    }
}
