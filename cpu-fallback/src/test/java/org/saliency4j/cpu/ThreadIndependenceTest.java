package org.saliency4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.RandomTensors;
import org.saliency4j.testing.SharedFiles;

/**
 * Results do not depend on the number of threads, bit for bit: neither when the kernels share each layer's work
 * among the threads, nor when a batch runs as one pass per thread's group of samples ({@link SplitForwardPass}).
 */
class ThreadIndependenceTest {
    private static @Nullable Model cnn5;

    /** CNN5, read once; each test skips, with the reason, when the shared files are absent. */
    private static Model cnn5() throws IOException {
        Model m = cnn5;
        if (m == null) {
            m = KerasModels.load(SharedFiles.require(SharedFiles.CNN5));
            cnn5 = m;
        }
        return m;
    }

    @AfterEach
    void restore() {
        System.clearProperty(Parallel.PROPERTY);
    }

    /**
     * Everything a pass gives, in order: the output, conv_1's output and pre-activation, the input gradient of a
     * seed at the softmax's pre-activation and of one at conv_1's output (tensor methods), and both again through
     * the array methods an optimisation loop uses, widened.
     */
    private static List<float[]> everything(CpuCompiledModel compiled, Tensor x) {
        Model model = compiled.model();
        Layer conv1 = model.layer(2);
        List<float[]> all = new ArrayList<>();
        try (ForwardPass pass = compiled.forward(x)) {
            Tensor seed = new RandomTensors(7).uniform(pass.preActivation(model.output()).shape(), -1, 1);
            Tensor convSeed = new RandomTensors(8).uniform(pass.output(conv1).shape(), -1, 1);
            all.add(pass.output().toArray());
            all.add(pass.output(conv1).toArray());
            all.add(pass.preActivation(conv1).toArray());
            all.add(pass.inputGradientFromPreActivation(model.output(), seed).toArray());
            all.add(pass.inputGradient(conv1, convSeed).toArray());
            float[] copied = new float[convSeed.shape().size()];
            pass.copyPreActivation(conv1, copied);
            all.add(copied);
            double[] into = new double[x.shape().size()];
            pass.addInputGradientFromPreActivation(model.output(), widened(seed), into);
            pass.addInputGradient(conv1, widened(convSeed), into);
            all.add(narrowed(into));
        }
        return all;
    }

    private static double[] widened(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static float[] narrowed(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static List<float[]> withThreads(String threads, Model model, boolean split, Tensor x) {
        System.setProperty(Parallel.PROPERTY, threads);
        try (CpuCompiledModel compiled = new CpuCompiledModel(model, split)) {
            return everything(compiled, x);
        } finally {
            System.clearProperty(Parallel.PROPERTY);
        }
    }

    private static void assertSame(List<float[]> actual, List<float[]> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("value %d", i).containsExactly(expected.get(i));
        }
    }

    @Test
    void cnn5KernelsSharingEachLayerGiveTheOneThreadResults() throws IOException {
        Model model = cnn5();
        // A batch of 10, as the notebook's batched part 1: large enough that the element-wise ReLU and the
        // max-pooling gradient are split too.
        Tensor x = new RandomTensors(4).uniform(model.inputShape().withBatch(10), 0, 1);
        assertSame(withThreads("4", model, false, x), withThreads("1", model, false, x));
    }

    @Test
    void cnn5BatchSplitIntoGroupsGivesTheOneThreadResults() throws IOException {
        Model model = cnn5();
        // 10 samples in 2 groups, 3 in 3 (groups of one sample) and 17 in 2 (8 and 9 samples).
        int[][] batchAndThreads = {{10, 2}, {3, 3}, {17, 2}};
        for (int[] c : batchAndThreads) {
            Tensor x = new RandomTensors(c[0]).uniform(model.inputShape().withBatch(c[0]), 0, 1);
            assertSame(withThreads(Integer.toString(c[1]), model, true, x), withThreads("1", model, true, x));
        }
    }

    @Test
    void aSplitPassOnArraysAnEarlierOneLeftGivesAFreshPassResults() throws IOException {
        Model model = cnn5();
        Tensor first = new RandomTensors(11).uniform(model.inputShape().withBatch(10), 0, 1);
        Tensor second = new RandomTensors(12).uniform(model.inputShape().withBatch(10), -1, 1);
        List<float[]> fresh = withThreads("1", model, true, second);
        System.setProperty(Parallel.PROPERTY, "2");
        try (CpuCompiledModel compiled = new CpuCompiledModel(model, true)) {
            everything(compiled, first);
            // Each group takes back the arrays its pool kept from the first pass.
            assertSame(everything(compiled, second), fresh);
        }
    }

    @Test
    void aBatchIsSplitOnlyWithSeveralThreadsAndGroupsOfEqualOrManySamples() throws IOException {
        Model model = cnn5();
        int[][] batchThreadsSplit = {{3, 3, 1}, {3, 2, 0}, {1, 2, 0}, {10, 1, 0}, {17, 2, 1}, {15, 2, 0}, {2, 4, 1}};
        for (int[] c : batchThreadsSplit) {
            System.setProperty(Parallel.PROPERTY, Integer.toString(c[1]));
            try (CpuCompiledModel compiled = new CpuCompiledModel(model);
                 ForwardPass pass = compiled.forward(Tensor.filled(model.inputShape().withBatch(c[0]), 0.2f))) {
                assertThat(pass).as("batch %d on %d threads", c[0], c[1])
                        .isInstanceOf(c[2] == 1 ? SplitForwardPass.class : CpuForwardPass.class);
            }
        }
        assertThat(SplitForwardPass.firstSamples(17, 2)).containsExactly(0, 8, 17);
    }

    @Test
    void aSplitPassRefusesArraysOfTheWrongLengthNamingTheLayer() throws IOException {
        Model model = cnn5();
        System.setProperty(Parallel.PROPERTY, "2");
        try (CpuCompiledModel compiled = new CpuCompiledModel(model);
             ForwardPass pass = compiled.forward(Tensor.filled(model.inputShape().withBatch(2), 0.2f))) {
            Layer out = model.output();
            assertThatThrownBy(() -> pass.copyOutput(out, new float[10]))
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining(out.name())
                    .hasMessageContaining("20");
            assertThatThrownBy(() -> pass.addInputGradient(out, new double[10], new double[2 * 3072]))
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining(out.name());
            assertThatThrownBy(() -> pass.addInputGradient(out, new double[20], new double[3072]))
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("(2, 32, 32, 3)");
            assertThatThrownBy(() -> pass.inputGradient(out, Tensor.filled(Shape.of(1, 10), 1f)))
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining(out.name());
        }
    }
}
