package org.saliency4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.GradientCheck;
import org.saliency4j.testing.Npy;
import org.saliency4j.testing.RandomTensors;
import org.saliency4j.testing.SharedFiles;
import org.saliency4j.testing.TestObjective;

/** Every model file of shared/models/zoo loads and predicts; the ones with stored outputs reproduce them. */
class ZooTest {
    static Stream<String> zooFiles() throws IOException {
        Path zoo = SharedFiles.require(SharedFiles.ZOO);
        try (Stream<Path> files = Files.list(zoo)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".h5") || n.endsWith(".keras") || n.endsWith(".hdf5")).sorted().toList().stream();
        }
    }

    private static Model load(String name) throws IOException {
        Path zoo = SharedFiles.require(SharedFiles.ZOO);
        Path file = zoo.resolve(name);
        // The one weights-only file comes with its to_json() architecture beside it (MANIFEST.md, row 22).
        Path json = zoo.resolve(name.replaceAll("\\.h5$", ".json"));
        return name.startsWith("denisko28") ? KerasModels.load(file, json) : KerasModels.load(file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zooFiles")
    void loadsAndPredicts(String name) throws IOException {
        Model model = load(name);
        Tensor x = new RandomTensors(5).uniform(model.inputShape().withBatch(2), 0, 1);
        try (CompiledModel compiled = new CpuBackendProvider().create().compile(model);
             ForwardPass pass = compiled.forward(x)) {
            float[] y = pass.output().toArray();
            assertThat(y).isNotEmpty();
            for (float v : y) {
                assertThat(Float.isFinite(v)).as("%s predicts finite values", name).isTrue();
            }
        }
    }

    @Test
    void inputGradientsAtAnInnerLayerOfANestedModelMatchFiniteDifferences() throws IOException {
        // Teachable Machine: Sequential[Sequential[MobileNetV2 "model1", pooling], Sequential[Dense, Dense]].
        Model model = load("963n-TeachableMachine__keras_model.h5");
        Model inner = model.truncatedAt("sequential_1/model1/block_2_add"); // a residual Add, three levels down
        Tensor x = new RandomTensors(9).uniform(inner.inputShape().withBatch(1), -1, 1); // its x/127.5 - 1 range
        try (CompiledModel compiled = new CpuBackendProvider().create().compile(inner)) {
            GradientCheck.assertMatches(compiled, inner.output(), TestObjective.frobeniusNorm(), x, 1e-4);
        }
    }

    @Test
    void theDl4jBatchNormModelReproducesItsStoredPredictions() throws IOException {
        Path zoo = SharedFiles.require(SharedFiles.ZOO);
        Model model = KerasModels.load(zoo.resolve("dl4j-test-resources__cnn_batch_norm.h5"));
        double[] input = Npy.read(zoo.resolve("dl4j-test-resources__cnn_batch_norm.input.npy"));
        double[] expected = Npy.read(zoo.resolve("dl4j-test-resources__cnn_batch_norm.predictions.npy"));
        try (CompiledModel compiled = new CpuBackendProvider().create().compile(model);
             ForwardPass pass = compiled.forward(Tensor.ofDoubles(Shape.of(5, 10, 10, 3), input))) {
            float[] y = pass.output().toArray();
            assertThat(y).hasSize(5);
            for (int i = 0; i < 5; i++) {
                // Keras 2.1.3's outputs, stored beside the model; the issue asks for 1e-5.
                assertThat((double) y[i]).as("prediction %d", i).isCloseTo(expected[i], within(1e-5));
            }
        }
    }
}
