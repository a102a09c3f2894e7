package org.saliency4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.RandomTensors;

/**
 * One compiled model may serve many threads at once: eight threads sharing one, each running its own images'
 * forward pass and input gradient many times over, get bit for bit what one thread gets alone.
 */
class ConcurrentUseTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 25;

    private static float[][] forwardAndGradient(CompiledModel compiled, Tensor images) {
        try (ForwardPass pass = compiled.forward(images)) {
            Tensor logits = pass.preActivation(ObjectivesTest.SOFTMAX);
            float[] ones = new float[logits.shape().size()];
            java.util.Arrays.fill(ones, 1f);
            float[] gradient = pass.inputGradientFromPreActivation(ObjectivesTest.SOFTMAX,
                    Tensor.of(logits.shape(), ones)).toArray();
            return new float[][] {pass.output().toArray(), gradient};
        }
    }

    @Test
    void threadsSharingOneCompiledModelGetWhatEachGetsAlone() throws Exception {
        CompiledModel compiled = new CpuBackendProvider().create().compile(ObjectivesTest.MODEL);
        List<Tensor> images = new ArrayList<>();
        List<float[][]> alone = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Tensor x = new RandomTensors(100 + t).uniform(Shape.of(1 + t % 3, 4, 4, 3), 0, 1);
            images.add(x);
            alone.add(forwardAndGradient(compiled, x));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int k = t;
                results.add(pool.submit(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        float[][] together = forwardAndGradient(compiled, images.get(k));
                        if (!java.util.Arrays.equals(together[0], alone.get(k)[0])
                                || !java.util.Arrays.equals(together[1], alone.get(k)[1])) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (int t = 0; t < THREADS; t++) {
                assertThat(results.get(t).get()).as("thread %d's results equal its results alone", t).isTrue();
            }
        } finally {
            pool.shutdownNow();
            compiled.close();
        }
    }
}
