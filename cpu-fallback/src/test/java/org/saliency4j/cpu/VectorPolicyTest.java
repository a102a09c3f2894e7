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
    /** A policy whose widest tiles never start. */
    private static VectorPolicy policy(String mode, double paysOff) {
        return new VectorPolicy(() -> mode, paysOff, Double.POSITIVE_INFINITY, () -> { });
    }

    @Test
    void theWidestTilesStartOnceTheWorkReachesTheirThresholdAndOnlyOnce() {
        int[] widened = new int[1];
        VectorPolicy p = new VectorPolicy(() -> "auto", 100, 250, () -> widened[0]++);
        assertThat(p.forPass(true, 120)).isTrue();
        assertThat(widened[0]).as("120 of 250 done").isZero();
        p.announce(100);
        assertThat(p.forPass(true, 20)).isTrue();
        assertThat(widened[0]).as("140 done, 80 ahead").isZero();
        p.announce(50);
        assertThat(p.forPass(true, 20)).isTrue();
        assertThat(p.forPass(true, 20)).isTrue();
        assertThat(widened[0]).as("160 done and 110 ahead, then more").isOne();
        assertThat(p.wide()).isTrue();
    }

    @Test
    void theWidestTilesAreLeftOutOnJava17To20() {
        assertThat(VectorPolicy.widensOn(17)).isFalse();
        assertThat(VectorPolicy.widensOn(20)).isFalse();
        assertThat(VectorPolicy.widensOn(21)).isTrue();
        assertThat(VectorPolicy.widensOn(25)).isTrue();
    }

    @Test
    void forcedVectorsAreWideAtOnceAndThePlainLoopsNeverWiden() {
        int[] widened = new int[1];
        VectorPolicy always = new VectorPolicy(() -> "true", 100, 1e12, () -> widened[0]++);
        always.forPass(true, 1);
        always.forPass(true, 1);
        assertThat(widened[0]).isOne();
        VectorPolicy never = new VectorPolicy(() -> "false", 0, 0, () -> widened[0]++);
        never.announce(1e13);
        never.forPass(true, 1);
        assertThat(widened[0]).isOne();
        assertThat(never.wide()).isFalse();
    }
    @Test
    void autoRunsThePlainLoopsUntilTheWorkDoneReachesTheThresholdThenStaysOnVectors() {
        VectorPolicy p = policy("auto", 100);
        assertThat(p.forPass(true, 40)).isFalse();
        assertThat(p.forPass(true, 40)).isFalse();
        assertThat(p.forPass(true, 40)).as("120 of 100 done").isTrue();
        assertThat(p.forPass(true, 1)).as("warm for good").isTrue();
    }

    @Test
    void announcedWorkCountsBeforeItIsDone() {
        VectorPolicy p = policy("auto", 100);
        assertThat(p.likely(true, 1)).isFalse();
        p.announce(150);
        assertThat(p.likely(true, 1)).isTrue();
        assertThat(p.forPass(true, 1)).isTrue();
    }

    @Test
    void workAnnouncedAndThenDoneCountsOnce() {
        VectorPolicy p = policy("auto", 150);
        p.announce(60);
        p.announce(40);
        assertThat(p.likely(true, 1)).as("100 ahead").isFalse();
        for (int i = 0; i < 10; i++) {
            assertThat(p.forPass(true, 10)).as("pass %d uses up what was announced", i).isFalse();
        }
        assertThat(p.likely(true, 0)).as("100 done, nothing ahead").isFalse();
        p.announce(60);
        assertThat(p.forPass(true, 10)).as("110 done and 50 ahead").isTrue();
    }

    @Test
    void oneLargePassIsLongWorkByItself() {
        VectorPolicy p = policy("auto", 100);
        assertThat(p.likely(true, 100)).isTrue();
        assertThat(p.forPass(true, 100)).isTrue();
    }

    @Test
    void thePropertyOverridesAndWithoutVectorLoopsThePlainLoopsRun() {
        VectorPolicy always = policy("true", 100);
        assertThat(always.forPass(true, 1)).isTrue();
        assertThat(always.likely(true, 1)).isTrue();
        assertThat(always.forPass(false, 1)).isFalse();
        VectorPolicy never = policy("false", 100);
        never.announce(1000);
        assertThat(never.forPass(true, 1)).isFalse();
        assertThat(never.likely(true, 1)).isFalse();
        assertThat(policy("auto", 100).forPass(false, 1000)).isFalse();
    }

    @Test
    void aModelThatChangesWaysMidRunGivesTheSameNumbersAsEitherWay() {
        Model model = smallModel();
        SaliencyObjective objective = Objectives.crossEntropy(model.output(), 2).plus(Objectives.l2(1e-3));
        DoubleTensor start = DoubleTensor.filled(Shape.of(3, 8, 8, 3), 0.3);
        double pass = Flops.forward(model) * 3;
        // The run announces its 20 passes; at its tenth epoch 15 more are announced, which switches it to the
        // vector kernels mid-run (10 done and 25 ahead pass 30.5).
        VectorPolicy switching = policy("auto", 30.5 * pass);
        OptimizationResult mixed;
        OptimizationResult plain;
        try (CpuCompiledModel m = new CpuCompiledModel(model, true, switching);
             CpuCompiledModel p = new CpuCompiledModel(model, true, policy("false", 0))) {
            mixed = Optimization.minimize(new GradientStep(0.1), 20).withListener(e -> {
                if (e.epoch() == 9) {
                    switching.announce(15 * pass);
                }
            }).run(m, objective, start);
            assertThat(switching.likely(true, 0)).as("it did switch").isTrue();
            plain = Optimization.minimize(new GradientStep(0.1), 20).run(p, objective, start);
        }
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
}
