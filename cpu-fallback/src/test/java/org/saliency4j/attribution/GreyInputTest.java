package org.saliency4j.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.trust.DeletionInsertion;
import org.saliency4j.trust.MuFidelity;

/**
 * A grey model whose input is (height, width), as MNIST networks that flatten their 28 x 28 input have, is explained
 * and measured as the one-channel image it is: the same maps and metrics as the same model taking
 * (height, width, 1).
 */
class GreyInputTest {
    /** Flatten, then dense layers, with the same weights whatever the input's rank. */
    private static Model flat(Shape input) {
        Random r = new Random(21);
        float[] w1 = new float[36 * 8];
        float[] w2 = new float[8 * 3];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (float) r.nextGaussian() * 0.4f;
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = (float) r.nextGaussian() * 0.4f;
        }
        Model.Builder b = Model.builder("flat");
        Layer in = b.input("in", input);
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, in);
        Layer hidden = b.add("hidden", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(36, 8), w1), null),
                Activation.RELU, flat);
        return b.build(b.add("out", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(8, 3), w2), null),
                Activation.SOFTMAX, hidden));
    }

    @Test
    void mapsAndMetricsOfAHeightByWidthInputAreThoseOfItsOneChannelImage() {
        Random r = new Random(22);
        float[] pixels = new float[2 * 36];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextFloat();
        }
        List<AttributionMethod> methods = List.of(Attributions.gradient(), Attributions.occlusion().withWindow(2),
                Attributions.rise().withMasks(40), Attributions.integratedGradients().withSteps(8));
        try (Backend backend = new CpuBackendProvider().create();
             CompiledModel plain = backend.compile(flat(Shape.of(6, 6)));
             CompiledModel channel = backend.compile(flat(Shape.of(6, 6, 1)))) {
            Tensor a = Tensor.of(Shape.of(2, 6, 6), pixels);
            Tensor b = Tensor.of(Shape.of(2, 6, 6, 1), pixels);
            for (AttributionMethod method : methods) {
                List<Attribution> mapsA = method.explain(plain, a, Target.top1());
                List<Attribution> mapsB = method.explain(channel, b, Target.top1());
                for (int i = 0; i < 2; i++) {
                    assertThat(mapsA.get(i).map().toArray()).as("%s of image %d", method.name(), i)
                            .containsExactly(mapsB.get(i).map().toArray());
                }
                assertThat(DeletionInsertion.defaults().deletion(plain, a, mapsA).get(0).auc())
                        .isEqualTo(DeletionInsertion.defaults().deletion(channel, b, mapsB).get(0).auc());
                assertThat(MuFidelity.defaults().withSubsets(20, 1).evaluateWhereDefined(plain, a, mapsA))
                        .isEqualTo(MuFidelity.defaults().withSubsets(20, 1).evaluateWhereDefined(channel, b, mapsB));
            }
        }
    }
}
