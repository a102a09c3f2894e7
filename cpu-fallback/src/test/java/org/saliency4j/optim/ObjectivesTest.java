package org.saliency4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.objective.Evaluation;
import org.saliency4j.objective.Objectives;
import org.saliency4j.objective.Probe;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** Each built-in objective against central differences in its own inputs, and how objectives compose. */
class ObjectivesTest {
    /** A 4x4x3 conv layer (2 filters) feeding a dense softmax of 5 classes. */
    static final Model MODEL;
    static final Layer CONV;
    static final Layer SOFTMAX;

    static {
        Model.Builder b = Model.builder("tiny");
        Layer in = b.input("in", Shape.of(4, 4, 3));
        CONV = b.add("conv", "Conv2D", new LayerOp.Conv2D(Tensor.filled(Shape.of(3, 3, 3, 2), 0.1f), null, 1, 1,
                Padding.VALID), Activation.RELU, in);
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, CONV);
        float[] k = new float[8 * 5];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) Math.sin(i);
        }
        SOFTMAX = b.add("out", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(8, 5), k), null), Activation.SOFTMAX, flat);
        MODEL = b.build(SOFTMAX);
    }

    private static float[] values(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static Evaluation evaluation(Map<Probe, float[]> values, double[] image) {
        return Evaluation.of(values, image);
    }

    /**
     * Compares the gradient an objective adds with central differences of its value, per element. Steps of 1e-3
     * on float32 inputs; the objectives compute in double (the cross-entropy in float32, hence its tolerance).
     */
    private static void assertGradient(SaliencyObjective o, Probe probe, float[] a, double[] image, double tolerance) {
        Map<Probe, float[]> v = probe == null ? Map.of() : Map.of(probe, a);
        Evaluation e = evaluation(v, image);
        o.addGradient(e, 1);
        double[] analytic = probe == null ? e.imageGradient() : e.gradient(probe);
        int n = probe == null ? image.length : a.length;
        for (int i = 0; i < n; i++) {
            double numeric;
            if (probe == null) {
                double[] p = image.clone();
                double[] m = image.clone();
                p[i] += 1e-6;
                m[i] -= 1e-6;
                numeric = (o.value(evaluation(v, p)) - o.value(evaluation(v, m))) / 2e-6;
            } else {
                float[] p = a.clone();
                float[] m = a.clone();
                p[i] += 1e-3f;
                m[i] -= 1e-3f;
                numeric = (o.value(evaluation(Map.of(probe, p), image)) - o.value(evaluation(Map.of(probe, m), image)))
                        / ((double) p[i] - m[i]);
            }
            assertThat(analytic[i]).as("%s: d/d[%d]", o, i).isCloseTo(numeric, within(tolerance));
        }
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHot() {
        float[] z = values(5, 1);
        assertGradient(Objectives.crossEntropy(SOFTMAX, 3), Probe.preActivation(SOFTMAX), z, new double[1], 2e-3);
        Evaluation e = evaluation(Map.of(Probe.preActivation(SOFTMAX), new float[] {0, 0, 0, 0, 0}), new double[1]);
        // With equal logits every class has probability 1/5: the cross-entropy is log 5.
        assertThat(Objectives.crossEntropy(SOFTMAX, 1).value(e)).isCloseTo(Math.log(5), within(1e-6));
    }

    @Test
    void layerAndUnitNormGradients() {
        float[] a = values(8, 2);
        assertGradient(Objectives.layerNorm(CONV), Probe.output(CONV), a, new double[1], 1e-4);
        assertGradient(Objectives.unitNorm(CONV, 1), Probe.output(CONV), a, new double[1], 1e-4);
        Evaluation e = evaluation(Map.of(Probe.output(CONV), new float[] {3, 1, 4, 1, 0, 5, 0, 9}), new double[1]);
        assertThat(Objectives.unitNorm(CONV, 1).value(e)).isCloseTo(Math.sqrt(1 + 1 + 25 + 81), within(1e-12));
        assertThat(Objectives.layerNorm(CONV).value(e)).isCloseTo(Math.sqrt(9 + 1 + 16 + 1 + 25 + 81), within(1e-12));
    }

    @Test
    void aDeadUnitHasGradientZeroNotNaN() {
        Evaluation e = evaluation(Map.of(Probe.output(CONV), new float[8]), new double[1]);
        Objectives.unitNorm(CONV, 0).addGradient(e, 1);
        assertThat(e.gradient(Probe.output(CONV))).containsOnly(0.0);
    }

    @Test
    void imageNormGradientIsTheImageOverItsNorm() {
        double[] image = {0.2, -0.4, 0.1, 0.7};
        assertGradient(Objectives.l2(0.5), null, null, image, 1e-8);
        assertThat(Objectives.imageNorm().value(evaluation(Map.of(), new double[] {3, 4}))).isEqualTo(5.0);
    }

    /** A loop refills its evaluations' images in place each epoch; the norm computed before must not be reused. */
    @Test
    void anEvaluationRefilledForTheNextEpochForgetsTheOldImageNorm() {
        double[] image = {3, 4};
        Evaluation e = evaluation(Map.of(), image);
        assertThat(Objectives.imageNorm().value(e)).isEqualTo(5.0);
        image[0] = 6;
        image[1] = 8;
        e.clearGradients();
        assertThat(Objectives.imageNorm().value(e)).isEqualTo(10.0);
        Objectives.imageNorm().addGradient(e, 1);
        assertThat(e.imageGradient()).containsExactly(0.6, 0.8);
    }

    @Test
    void compositionIsLinearInValuesAndGradients() {
        Probe logits = Probe.preActivation(SOFTMAX);
        float[] z = values(5, 3);
        double[] image = {0.5, -0.25};
        SaliencyObjective a = Objectives.crossEntropy(SOFTMAX, 2);
        SaliencyObjective b = Objectives.imageNorm();
        SaliencyObjective combined = a.times(2).minus(b.times(0.5)).plus(b).unaryMinus();
        Evaluation e = evaluation(Map.of(logits, z), image);
        double expected = -(2 * a.value(e) - 0.5 * b.value(e) + b.value(e));
        assertThat(combined.value(e)).isCloseTo(expected, within(1e-12));
        combined.addGradient(e, 1);
        Evaluation ea = evaluation(Map.of(logits, z), image);
        a.addGradient(ea, 1);
        Evaluation eb = evaluation(Map.of(logits, z), image);
        b.addGradient(eb, 1);
        for (int i = 0; i < z.length; i++) {
            assertThat(e.gradient(logits)[i]).isCloseTo(-2 * ea.gradient(logits)[i], within(1e-12));
        }
        for (int i = 0; i < image.length; i++) {
            assertThat(e.imageGradient()[i]).isCloseTo(-0.5 * eb.imageGradient()[i], within(1e-12));
        }
        assertThat(combined.probes()).containsExactly(logits);
    }

    @Test
    void objectivesPrintTheirFormula() {
        SaliencyObjective classModel = Objectives.crossEntropy(SOFTMAX, 3).plus(Objectives.l2(1e-3));
        assertThat(classModel).hasToString("crossEntropy(out logits, class 3) + 0.001 * ||image||");
        assertThat(Objectives.layerNorm(CONV).minus(Objectives.l2(5))).hasToString("||conv|| - 5 * ||image||");
        assertThat(Objectives.unitNorm(CONV, 1).minus(Objectives.imageNorm().plus(Objectives.layerNorm(CONV))))
                .hasToString("||conv[unit 1]|| - (||image|| + ||conv||)");
        assertThat(Objectives.layerNorm(CONV).unaryMinus()).hasToString("-||conv||");
        assertThat(Objectives.layerNorm(CONV).plus(Objectives.imageNorm()).times(0.5))
                .hasToString("0.5 * (||conv|| + ||image||)");
    }

    @Test
    void builtInsRejectLayersAndUnitsThatDoNotFit() {
        assertThatThrownBy(() -> Objectives.crossEntropy(CONV, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conv (Conv2D)").hasMessageContaining("softmax");
        assertThatThrownBy(() -> Objectives.crossEntropy(SOFTMAX, 5)).hasMessageContaining("0..4");
        assertThatThrownBy(() -> Objectives.unitNorm(CONV, 2)).hasMessageContaining("0..1");
    }

    @Test
    void readingAProbeTheObjectiveDidNotDeclareIsAnError() {
        Evaluation e = evaluation(new HashMap<>(), new double[1]);
        assertThatThrownBy(() -> Objectives.layerNorm(CONV).value(e)).hasMessageContaining("probes()");
    }
}
