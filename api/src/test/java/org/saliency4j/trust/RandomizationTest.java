package org.saliency4j.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** Model randomisation: which layers change, in which order, to what (Keras' initialisers), and that nothing else does. */
class RandomizationTest {
    private static Model model() {
        Model.Builder b = Model.builder("small");
        Layer in = b.input("in", Shape.of(6, 6, 2));
        Layer conv = b.add("conv", "Conv2D", new LayerOp.Conv2D(Tensor.filled(Shape.of(3, 3, 2, 8), 0.5f),
                Tensor.filled(Shape.of(8), 0.25f), 1, 1, Padding.VALID), Activation.RELU, in);
        Layer bn = b.add("bn", "BatchNormalization", new LayerOp.BatchNorm(Tensor.filled(Shape.of(8), 2f),
                Tensor.filled(Shape.of(8), 1f), Tensor.filled(Shape.of(8), 3f), Tensor.filled(Shape.of(8), 4f), 1e-3),
                Activation.LINEAR, conv);
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, bn);
        return b.build(b.add("out", "Dense", new LayerOp.Dense(Tensor.filled(Shape.of(128, 10), 0.125f),
                Tensor.filled(Shape.of(10), -1f)), Activation.SOFTMAX, flat));
    }

    private static LayerOp op(Model m, String name) {
        return m.layer(name).op();
    }

    @Test
    void cascadingGoesFromTheOutputDownAndLeavesTheOriginalAlone() {
        Model m = model();
        assertThat(Randomization.weightedLayers(m)).extracting(Layer::name).containsExactly("conv", "bn", "out");
        List<Randomization.Step> steps = Randomization.cascading(m, 7);
        assertThat(steps).extracting(Randomization.Step::layer).containsExactly("out", "bn", "conv");
        Model first = steps.get(0).model();
        assertThat(op(first, "conv")).isSameAs(op(m, "conv"));
        assertThat(op(first, "bn")).isSameAs(op(m, "bn"));
        assertThat(op(first, "out")).isNotSameAs(op(m, "out"));
        Model last = steps.get(2).model();
        for (String name : List.of("conv", "bn", "out")) {
            assertThat(op(last, name)).isNotSameAs(op(m, name));
        }
        // The original keeps its weights; the copies keep its graph and shapes.
        assertThat(((LayerOp.Dense) op(m, "out")).kernel().toArray()).containsOnly(0.125f);
        assertThat(last.nodes()).extracting(Layer::name).isEqualTo(m.nodes().stream().map(Layer::name).toList());
        assertThat(last.outputShape()).isEqualTo(m.outputShape());
        // A layer gets the same new weights in both checks, and from the same seed only.
        LayerOp alone = op(Randomization.independent(m, 7).get(0).model(), "out");
        assertThat(((LayerOp.Dense) alone).kernel().toArray())
                .containsExactly(((LayerOp.Dense) op(first, "out")).kernel().toArray());
        assertThat(((LayerOp.Dense) op(Randomization.cascading(m, 8).get(0).model(), "out")).kernel().toArray())
                .isNotEqualTo(((LayerOp.Dense) alone).kernel().toArray());
        assertThat(op(Randomization.independent(m, 7).get(0).model(), "conv")).isSameAs(op(m, "conv"));
    }

    @Test
    void weightsAreReinitialisedAsKerasDoes() {
        Model last = Randomization.cascading(model(), 3).get(2).model();
        LayerOp.Conv2D conv = (LayerOp.Conv2D) op(last, "conv");
        // Glorot uniform: limit sqrt(6 / (fan_in + fan_out)), fans 3 * 3 * 2 and 3 * 3 * 8; variance limit^2 / 3.
        double limit = Math.sqrt(6.0 / (18 + 72));
        assertUniform(conv.kernel().toArray(), limit);
        assertThat(conv.bias().toArray()).containsOnly(0f);
        LayerOp.Dense dense = (LayerOp.Dense) op(last, "out");
        assertUniform(dense.kernel().toArray(), Math.sqrt(6.0 / (128 + 10)));
        assertThat(dense.bias().toArray()).containsOnly(0f);
        LayerOp.BatchNorm bn = (LayerOp.BatchNorm) op(last, "bn");
        assertThat(bn.gamma().toArray()).containsOnly(1f);
        assertThat(bn.beta().toArray()).containsOnly(0f);
        assertThat(bn.movingMean().toArray()).containsOnly(0f);
        assertThat(bn.movingVariance().toArray()).containsOnly(1f);
    }

    private static void assertUniform(float[] w, double limit) {
        double sum = 0;
        for (float v : w) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) limit);
            sum += v * (double) v;
        }
        // The mean square of n uniform values has relative standard deviation about sqrt(0.8 / n): 6 % here at most.
        assertThat(sum / w.length).isBetween(limit * limit / 3 * 0.75, limit * limit / 3 * 1.25);
    }
}
