package org.saliency4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Flops;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.objective.Objectives;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.optim.GradientStep;
import org.saliency4j.optim.Optimization;
import org.saliency4j.optim.OptimizationResult;
import org.saliency4j.tensor.DoubleTensor;
import org.saliency4j.tensor.Shape;
import org.saliency4j.testing.RandomTensors;

/** Short work runs the plain loops, long work the vector kernels; the property overrides; never back once warm. */
class VectorPolicyTest {
    /** Any FastLoops will do: the policy only hands it out or not. */
    private static final FastLoops VECTOR = new FastLoopsStub();

    @Test
    void autoRunsThePlainLoopsUntilTheWorkDoneReachesTheThresholdThenStaysOnVectors() {
        VectorPolicy p = new VectorPolicy(() -> "auto", 100);
        assertThat(p.forPass(VECTOR, 40)).isNull();
        assertThat(p.forPass(VECTOR, 40)).isNull();
        assertThat(p.forPass(VECTOR, 40)).as("120 of 100 done").isSameAs(VECTOR);
        assertThat(p.forPass(VECTOR, 1)).as("warm for good").isSameAs(VECTOR);
    }

    @Test
    void announcedWorkCountsBeforeItIsDone() {
        VectorPolicy p = new VectorPolicy(() -> "auto", 100);
        assertThat(p.likely(VECTOR, 1)).isNull();
        p.announce(150);
        assertThat(p.likely(VECTOR, 1)).isSameAs(VECTOR);
        assertThat(p.forPass(VECTOR, 1)).isSameAs(VECTOR);
    }

    @Test
    void oneLargePassIsLongWorkByItself() {
        VectorPolicy p = new VectorPolicy(() -> "auto", 100);
        assertThat(p.likely(VECTOR, 100)).isSameAs(VECTOR);
        assertThat(p.forPass(VECTOR, 100)).isSameAs(VECTOR);
    }

    @Test
    void thePropertyOverridesAndWithoutVectorLoopsThePlainLoopsRun() {
        VectorPolicy always = new VectorPolicy(() -> "true", 100);
        assertThat(always.forPass(VECTOR, 1)).isSameAs(VECTOR);
        assertThat(always.likely(VECTOR, 1)).isSameAs(VECTOR);
        assertThat(always.forPass(null, 1)).isNull();
        VectorPolicy never = new VectorPolicy(() -> "false", 100);
        never.announce(1000);
        assertThat(never.forPass(VECTOR, 1)).isNull();
        assertThat(never.likely(VECTOR, 1)).isNull();
        assertThat(new VectorPolicy(() -> "auto", 100).forPass(null, 1000)).isNull();
    }

    @Test
    void aModelThatChangesWaysMidRunGivesTheSameNumbersAsEitherWay() {
        Model model = smallModel();
        SaliencyObjective objective = Objectives.crossEntropy(model.output(), 2).plus(Objectives.l2(1e-3));
        DoubleTensor start = DoubleTensor.filled(Shape.of(3, 8, 8, 3), 0.3);
        Optimization run = Optimization.minimize(new GradientStep(0.1), 20);
        double pass = Flops.forward(model) * 3;
        // The run announces its 20 passes; ten and a half more switch it to the vector kernels mid-run.
        VectorPolicy switching = new VectorPolicy(() -> "auto", 30.5 * pass);
        OptimizationResult mixed;
        OptimizationResult plain;
        try (CpuCompiledModel m = new CpuCompiledModel(model, true, switching);
             CpuCompiledModel p = new CpuCompiledModel(model, true, new VectorPolicy(() -> "false", 0))) {
            mixed = run.run(m, objective, start);
            plain = run.run(p, objective, start);
        }
        assertThat(switching.likely(Simd.loops(), 0)).as("it did switch").isNotNull();
        assertThat(mixed.finalImages()).isEqualTo(plain.finalImages());
        for (int i = 0; i < 3; i++) {
            assertThat(mixed.objective(i)).containsExactly(plain.objective(i));
        }
    }

    /** Conv 3x3 to 32 channels (whole vectors of columns), ReLU, max pooling, dense softmax: seeded weights. */
    private static Model smallModel() {
        RandomTensors random = new RandomTensors(11);
        Model.Builder b = Model.builder("small");
        Layer in = b.input("in", Shape.of(8, 8, 3));
        Layer conv = b.add("conv", "Conv2D", new LayerOp.Conv2D(random.uniform(Shape.of(3, 3, 3, 32), -0.3, 0.3),
                random.uniform(Shape.of(32), -0.1, 0.1), 1, 1, Padding.VALID), Activation.RELU, in);
        Layer pool = b.add("pool", "MaxPooling2D", new LayerOp.Pooling2D(LayerOp.PoolMode.MAX, 2, 2, 2, 2,
                Padding.VALID), Activation.LINEAR, conv);
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, pool);
        Layer out = b.add("out", "Dense", new LayerOp.Dense(random.uniform(Shape.of(288, 10), -0.1, 0.1),
                random.uniform(Shape.of(10), -0.1, 0.1)), Activation.SOFTMAX, flat);
        return b.build(out);
    }

    /** A FastLoops that is never called. */
    private static final class FastLoopsStub implements FastLoops {
        @Override
        public void accumulate(float[] a, int aOff, int aStride, int rows, float[] b, int bOff, int bStride, int cols,
                int depth, float[] acc, int accOff, int accStride) {
            throw new AssertionError("not called");
        }

        @Override
        public void multiply(float[] a, int aOff, int aStride, int rows, float[] b, int bOff, int bStride, int cols,
                int depth, float[] c, int cOff, int cStride) {
            throw new AssertionError("not called");
        }

        @Override
        public void convolveRow(float[] a, int aOff, int aStride, int rows, int[] taps, float[] b, int cols,
                float[] bias, float[] c, int cOff) {
            throw new AssertionError("not called");
        }

        @Override
        public boolean convolvesRows(int cols) {
            return false;
        }

        @Override
        public void add(float[] src, int srcOff, float[] dst, int dstOff, int length) {
            throw new AssertionError("not called");
        }

        @Override
        public void relu(float[] x, float[] y, int from, int to) {
            throw new AssertionError("not called");
        }

        @Override
        public void reluBackward(float[] x, float[] g, float[] dx, int from, int to) {
            throw new AssertionError("not called");
        }

        @Override
        public void maxWindow(float[] x, int first, int rows, int cols, int rowStride, int colStride, float[] y,
                int[] argmax, int yi, int channels) {
            throw new AssertionError("not called");
        }
    }
}
