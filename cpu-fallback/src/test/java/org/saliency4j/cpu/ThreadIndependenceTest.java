package org.saliency4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.RandomTensors;
import org.saliency4j.testing.SharedFiles;

/** The multithreaded kernels give bit-identical results with one thread and with all of them. */
class ThreadIndependenceTest {
    @AfterEach
    void restore() {
        System.clearProperty(Parallel.PROPERTY);
    }

    private static float[][] run(Model model, Tensor x) {
        try (CompiledModel compiled = new CpuBackendProvider().create().compile(model);
             ForwardPass pass = compiled.forward(x)) {
            Tensor seed = Tensor.filled(pass.preActivation(model.output()).shape(), 1f);
            return new float[][] {pass.output().toArray(),
                pass.inputGradientFromPreActivation(model.output(), seed).toArray()};
        }
    }

    @Test
    void cnn5ForwardAndGradientDoNotDependOnTheNumberOfThreads() throws IOException {
        Model model = KerasModels.load(SharedFiles.require(SharedFiles.CNN5));
        // A batch of 10, as the notebook's batched part 1: large enough that the element-wise ReLU and the
        // max-pooling gradient are split too.
        Tensor x = new RandomTensors(4).uniform(model.inputShape().withBatch(10), 0, 1);
        System.setProperty(Parallel.PROPERTY, "1");
        float[][] one = run(model, x);
        System.clearProperty(Parallel.PROPERTY);
        float[][] all = run(model, x);
        assertThat(all[0]).containsExactly(one[0]);
        assertThat(all[1]).containsExactly(one[1]);
    }
}
