package org.saliency4j.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** Lucid's objectives on hand-made layer values: what each reads, its value and its gradient. */
class FeatureObjectivesTest {
    private static final Layer CONV;
    private static final Layer OUT;

    static {
        Model.Builder b = Model.builder("m");
        Layer in = b.input("in", Shape.of(3, 4, 1));
        CONV = b.add("conv", "Conv2D", new LayerOp.Conv2D(Tensor.filled(Shape.of(1, 1, 1, 2), 1f), null, 1, 1,
                Padding.SAME), Activation.RELU, in);
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, CONV);
        OUT = b.add("out", "Dense", new LayerOp.Dense(Tensor.filled(Shape.of(24, 3), 1f), null), Activation.SOFTMAX,
                flat);
        b.build(OUT);
    }

    /** conv's output (3, 4, 2): value 10 * position + channel. */
    private static Evaluation evaluation() {
        float[] a = new float[24];
        for (int p = 0; p < 12; p++) {
            a[2 * p] = 10 * p;
            a[2 * p + 1] = 10 * p + 1;
        }
        return Evaluation.of(Map.of(Probe.output(CONV), a, Probe.preActivation(OUT), new float[] {0.5f, -2, 7}),
                new double[12]);
    }

    @Test
    void eachObjectiveReadsWhatLucidsDoes() {
        Evaluation e = evaluation();
        assertThat(FeatureObjectives.classLogit(OUT, 2).value(e)).isEqualTo(7);
        // Channel 1's mean: 10 * (0 + ... + 11) / 12 + 1.
        assertThat(FeatureObjectives.channel(CONV, 1).value(e)).isCloseTo(56, within(1e-12));
        // The centre of a 3 x 4 map is (1, 2): position 6.
        assertThat(FeatureObjectives.neuron(CONV, 0).value(e)).isEqualTo(60);
        assertThat(FeatureObjectives.direction(CONV, new double[] {2, -1}).value(e)).isCloseTo(2 * 55 - 56,
                within(1e-12));
        assertThat(FeatureObjectives.neuron(CONV, 0)).hasToString("conv[1, 2, channel 0]");
    }

    @Test
    void gradientsAreTheWeightsOfTheLinearForm() {
        Evaluation e = evaluation();
        FeatureObjectives.channel(CONV, 1).plus(FeatureObjectives.neuron(CONV, 1).times(3)).addGradient(e, 2);
        double[] g = e.gradient(Probe.output(CONV));
        for (int p = 0; p < 12; p++) {
            assertThat(g[2 * p]).isZero();
            assertThat(g[2 * p + 1]).isCloseTo(2.0 / 12 + (p == 6 ? 6 : 0), within(1e-15));
        }
        FeatureObjectives.classLogit(OUT, 0).addGradient(e, -1);
        assertThat(e.gradient(Probe.preActivation(OUT))).containsExactly(-1, 0, 0);
    }

    @Test
    void outOfRangeChoicesAreRefused() {
        assertThatThrownBy(() -> FeatureObjectives.channel(CONV, 2)).hasMessageContaining("outside 0..1");
        assertThatThrownBy(() -> FeatureObjectives.classLogit(OUT, 3)).hasMessageContaining("outside 0..2");
        assertThatThrownBy(() -> FeatureObjectives.neuron(OUT, 0)).hasMessageContaining("no");
    }
}
