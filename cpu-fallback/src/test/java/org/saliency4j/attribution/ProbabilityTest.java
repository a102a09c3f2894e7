package org.saliency4j.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.trust.DeletionInsertion;

/**
 * The probability the commands report and the probability-scored metrics use is the model's own: a sigmoid output's
 * for a binary classifier (Keras' {@code Dense(1, activation='sigmoid')}), where a softmax over its one logit would be
 * 1 for every image; none for one unit without a sigmoid.
 */
class ProbabilityTest {
    private static Model oneUnit(Activation activation) {
        Random r = new Random(31);
        float[] w = new float[16];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        Model.Builder b = Model.builder("binary");
        Layer in = b.input("in", Shape.of(4, 4, 1));
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, in);
        return b.build(b.add("out", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(16, 1), w),
                Tensor.of(Shape.of(1), new float[] {0.1f})), activation, flat));
    }

    @Test
    void aBinaryClassifiersProbabilityIsItsSigmoidEverywhereItIsUsed() {
        Random r = new Random(32);
        float[] pixels = new float[16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextFloat();
        }
        Tensor image = Tensor.of(Shape.of(1, 4, 4, 1), pixels);
        try (Backend backend = new CpuBackendProvider().create();
             CompiledModel m = backend.compile(oneUnit(Activation.SIGMOID))) {
            float logit;
            float output;
            try (ForwardPass pass = m.forward(image)) {
                logit = pass.preActivation(m.model().output()).toArray()[0];
                output = pass.output(m.model().output()).toArray()[0];
            }
            double p = Logits.probability(m.model().output(), new float[] {logit}, 0, 1, 0);
            assertThat(p).isEqualTo(1 / (1 + Math.exp(-(double) logit))).isCloseTo(output, within(1e-6))
                    .isStrictlyBetween(0.0, 1.0);
            assertThat(Logits.probability(new float[] {logit}, 0, 1, 0)).as("a softmax of one logit").isEqualTo(1);
            // Deletion scores the probability: its curve starts at the image's, not at 1.
            List<Attribution> maps = Attributions.gradient().explain(m, image, Target.classIndex(0));
            assertThat(DeletionInsertion.defaults().deletion(m, image, maps).get(0).scores()[0]).isEqualTo(p);
        }
        try (Backend backend = new CpuBackendProvider().create();
             CompiledModel m = backend.compile(oneUnit(Activation.LINEAR))) {
            assertThat(Logits.hasProbability(m.model().output())).isFalse();
            assertThat(Logits.probability(m.model().output(), new float[] {2f}, 0, 1, 0)).isNaN();
            List<Attribution> maps = Attributions.gradient().explain(m, image, Target.classIndex(0));
            assertThatThrownBy(() -> DeletionInsertion.defaults().deletion(m, image, maps))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probability is not defined");
        }
    }
}
