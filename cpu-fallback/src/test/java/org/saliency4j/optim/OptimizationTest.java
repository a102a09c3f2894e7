package org.saliency4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.saliency4j.DivergenceException;
import org.saliency4j.InvalidSettingException;
import org.saliency4j.NonFiniteInputException;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.objective.Evaluation;
import org.saliency4j.objective.Objectives;
import org.saliency4j.objective.Probe;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.tensor.DoubleTensor;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.RandomTensors;

/** The optimisation loop: its record, the sign convention, batching, cancellation, divergence, the optimizers. */
class OptimizationTest {
    private static final CompiledModel COMPILED = new CpuBackendProvider().create().compile(ObjectivesTest.MODEL);

    private static DoubleTensor start(int batch, long seed) {
        return DoubleTensor.fromFloat(new RandomTensors(seed).uniform(Shape.of(batch, 4, 4, 3), 0, 1));
    }

    private static SaliencyObjective classModel(int c) {
        return Objectives.crossEntropy(ObjectivesTest.SOFTMAX, c).plus(Objectives.l2(1e-3));
    }

    @Test
    void theRecordedGradientIsTheModelGradientPlusTheImageTerm() {
        DoubleTensor x = start(1, 1);
        OptimizationResult r = Optimization.minimize(new GradientStep(0.1), 1).withGradientsKeptAt(0)
                .run(COMPILED, classModel(2), x);
        ForwardPass pass = COMPILED.forward(x.toFloat());
        float[] z = pass.preActivation(ObjectivesTest.SOFTMAX).toArray();
        Evaluation e = Evaluation.of(java.util.Map.of(Probe.preActivation(ObjectivesTest.SOFTMAX), z), x.toArray());
        classModel(2).addGradient(e, 1);
        float[] throughModel = pass.inputGradientFromPreActivation(ObjectivesTest.SOFTMAX,
                Tensor.ofDoubles(Shape.of(1, 5), e.gradient(Probe.preActivation(ObjectivesTest.SOFTMAX)))).toArray();
        double[] recorded = r.gradient(0).orElseThrow().toArray();
        for (int i = 0; i < recorded.length; i++) {
            assertThat(recorded[i]).isEqualTo(throughModel[i] + e.imageGradient()[i]);
        }
        assertThat(r.objective(0)[0]).isEqualTo(classModel(2).value(e));
        assertThat(r.imageNorm(0)[0]).isCloseTo(x.norm(), within(1e-15));
    }

    @Test
    void minimisingStepsAgainstTheGradientAndMaximisingAlongIt() {
        DoubleTensor x = start(1, 2);
        OptimizationResult down = Optimization.minimize(new GradientStep(0.1), 1).withGradientsKeptAt(0)
                .run(COMPILED, classModel(1), x);
        OptimizationResult up = Optimization.maximize(new GradientStep(0.1), 1).withGradientsKeptAt(0)
                .run(COMPILED, classModel(1), x);
        double[] g = down.gradient(0).orElseThrow().toArray();
        double[] x0 = x.toArray();
        for (int i = 0; i < g.length; i++) {
            assertThat(down.finalImages().toArray()[i]).isEqualTo(x0[i] - 0.1 * g[i]);
            assertThat(up.finalImages().toArray()[i]).isEqualTo(x0[i] + 0.1 * g[i]);
        }
        OptimizationResult longer = Optimization.minimize(new GradientStep(0.05), 30).run(COMPILED, classModel(1), x);
        double[] j = longer.objective(0);
        assertThat(j[29]).isLessThan(j[0]);
    }

    @Test
    void aBatchGivesEachImageExactlyWhatItsOwnRunGives() {
        DoubleTensor batch = start(3, 3);
        List<SaliencyObjective> objectives = List.of(classModel(0), classModel(4),
                Objectives.layerNorm(ObjectivesTest.CONV).minus(Objectives.l2(0.1)));
        Optimization o = Optimization.minimize(new GradientStep(0.05), 12);
        OptimizationResult together = o.run(COMPILED, objectives, batch);
        for (int i = 0; i < 3; i++) {
            OptimizationResult alone = o.run(COMPILED, objectives.get(i), batch.samples(i, 1));
            assertThat(together.finalImages().samples(i, 1)).isEqualTo(alone.finalImages());
            assertThat(together.objective(i)).containsExactly(alone.objective(0));
            assertThat(together.imageNorm(i)).containsExactly(alone.imageNorm(0));
            assertThat(together.objectiveDescription(i)).isEqualTo(objectives.get(i).toString());
        }
    }

    @Test
    void aListenerSeesEveryEpochAndCanStopTheRun() {
        List<Integer> seen = new ArrayList<>();
        Optimization o = Optimization.minimize(new GradientStep(0.05), 50).withListener(e -> {
            seen.add(e.epoch());
            if (e.epoch() == 5) {
                e.cancel();
            }
        });
        DoubleTensor x = start(1, 4);
        OptimizationResult r = o.run(COMPILED, classModel(3), x);
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(r.cancelled()).isTrue();
        assertThat(r.epochsRun()).isEqualTo(6);
        assertThat(r.objective(0)).hasSize(6);
        // The cancelled epoch's update is not applied: the result is the image after five updates.
        OptimizationResult five = Optimization.minimize(new GradientStep(0.05), 5).run(COMPILED, classModel(3), x);
        assertThat(r.finalImages()).isEqualTo(five.finalImages());
    }

    @Test
    void divergenceStopsTheRunAndNamesTheEpoch() {
        SaliencyObjective explodesAtThree = new SaliencyObjective() {
            private int calls;

            @Override
            public Set<Probe> probes() {
                return Set.of();
            }

            @Override
            public double value(Evaluation e) {
                return calls++ == 3 ? Double.NaN : 1;
            }

            @Override
            public void addGradient(Evaluation e, double weight) {
                e.imageGradient()[0] += weight;
            }

            @Override
            public String toString() {
                return "exploding";
            }
        };
        assertThatThrownBy(() -> Optimization.maximize(new GradientStep(0.1), 10).run(COMPILED, explodesAtThree, start(1, 5)))
                .isInstanceOf(DivergenceException.class)
                .hasMessageContaining("epoch 3").hasMessageContaining("NaN").hasMessageContaining("exploding")
                .satisfies(e -> assertThat(((DivergenceException) e).epoch()).isEqualTo(3));
        assertThatThrownBy(() -> Optimization.maximize(new GradientStep(1e300), 10)
                .run(COMPILED, Objectives.imageNorm().times(1e300), start(1, 6)))
                // The first step already overflows the image, though its objective and gradient were finite.
                .isInstanceOf(DivergenceException.class).hasMessageContaining("epoch 0: its step made image 0 hold Infinity");
        SaliencyObjective badGradient = new SaliencyObjective() {
            @Override
            public Set<Probe> probes() {
                return Set.of();
            }

            @Override
            public double value(Evaluation e) {
                return 0;
            }

            @Override
            public void addGradient(Evaluation e, double weight) {
                e.imageGradient()[7] = Double.POSITIVE_INFINITY;
            }
        };
        assertThatThrownBy(() -> Optimization.maximize(new GradientStep(0.1), 10).run(COMPILED, badGradient, start(1, 6)))
                .isInstanceOf(DivergenceException.class).hasMessageContaining("epoch 0")
                .hasMessageContaining("gradient has Infinity at element 7");
    }

    @Test
    void onlyTheGradientsAskedForAreKept() {
        OptimizationResult r = Optimization.minimize(new GradientStep(0.05), 10).withGradientsKeptAt(0, 4, 8)
                .run(COMPILED, classModel(0), start(1, 7));
        assertThat(r.gradientEpochs()).containsExactly(0, 4, 8);
        assertThat(r.gradient(1)).isEmpty();
    }

    @Test
    void objectivesMustReadTheCompiledModel() {
        CompiledModel partial = new CpuBackendProvider().create().compile(ObjectivesTest.MODEL.truncatedAt("conv"));
        assertThatThrownBy(() -> Optimization.minimize(new GradientStep(0.1), 1).run(partial, classModel(0), start(1, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out (Dense)");
    }

    @Test
    void adamsFirstStepHasTheSizeOfTheLearningRate() {
        // Kingma and Ba 2015, section 2.1: the first effective step is lr * g / |g| (up to epsilon).
        double[] x = {1, 1, 1};
        new Adam(0.01, 0.9, 0.999, 1e-8).start(3).step(x, new double[] {5, -0.001, 0.3});
        assertThat(x[0]).isCloseTo(1.01, within(1e-9));
        assertThat(x[1]).isCloseTo(0.99, within(1e-5));
        assertThat(x[2]).isCloseTo(1.01, within(1e-9));
        assertThat(Adam.defaults()).isEqualTo(new Adam(0.001, 0.9, 0.999, 1e-8));
    }

    @Test
    void momentumAccumulatesVelocity() {
        double[] x = {0};
        Optimizer.State s = Momentum.of(0.1).start(1);
        s.step(x, new double[] {1});
        s.step(x, new double[] {1});
        assertThat(x[0]).isCloseTo(0.1 + (0.9 * 0.1 + 0.1), within(1e-15));
    }

    @Test
    void configurationIsCheckedAndSharedSafely() {
        assertThatThrownBy(() -> new GradientStep(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> Optimization.maximize(new GradientStep(1), 0)).hasMessageContaining("at least 1");
        Optimization o = Optimization.minimize(new GradientStep(0.1), 3);
        assertThat(o.withGradientsKeptAt(1)).isNotSameAs(o);
        assertThat(o.goal()).isEqualTo(Goal.MINIMIZE);
        assertThat(Goal.MINIMIZE.sign()).isEqualTo(-1);
    }

    @Test
    void nonFiniteNumbersAreRefusedOrStopTheRunWhereTheyAppear() {
        // An image holding NaN: a ReLU would make it 0 and the prediction would look fine.
        DoubleTensor x = start(2, 9);
        double[] v = x.toArray();
        v[48 + (2 * 4 + 3) * 3 + 1] = Double.NaN; // image 1, row 2, column 3, channel 1
        DoubleTensor poisoned = DoubleTensor.of(x.shape(), v);
        assertThatThrownBy(() -> COMPILED.forward(poisoned.toFloat()))
                .isInstanceOf(NonFiniteInputException.class).hasMessageContaining("input image 1 holds NaN at [2, 3, 1]")
                .satisfies(e -> assertThat(((NonFiniteInputException) e).image()).isEqualTo(1));
        assertThatThrownBy(() -> Optimization.minimize(new GradientStep(0.1), 3).run(COMPILED, classModel(1), poisoned))
                .isInstanceOf(NonFiniteInputException.class).hasMessageContaining("start image 1 holds NaN");
        // A step so large that the image overflows while its objective and gradient were finite.
        assertThatThrownBy(() -> Optimization.maximize(new GradientStep(1e308), 1)
                .run(COMPILED, Objectives.imageNorm().times(100), x))
                .isInstanceOf(DivergenceException.class).hasMessageContaining("its step made image 0 hold Infinity");
        // Settings that cannot be right are refused when they are made, in the library's exception tree.
        assertThatThrownBy(() -> new GradientStep(Double.POSITIVE_INFINITY)).isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> new Momentum(Double.NaN, 0.9)).isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> Adam.of(Double.POSITIVE_INFINITY)).isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> Optimization.minimize(new GradientStep(0.1), 0))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("epochs must be at least 1, got 0");
    }
}
