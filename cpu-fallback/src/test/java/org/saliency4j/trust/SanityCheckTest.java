package org.saliency4j.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.Backend;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** The randomisation test runs a method on every randomised copy and compares its maps with the trained model's. */
class SanityCheckTest {
    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian() * 0.3f;
        }
        return v;
    }

    private static Model convNet(Random r) {
        Model.Builder b = Model.builder("net");
        Layer in = b.input("in", Shape.of(24, 24, 1));
        Layer conv = b.add("conv", "Conv2D", new LayerOp.Conv2D(Tensor.of(Shape.of(3, 3, 1, 4), random(r, 36)),
                Tensor.of(Shape.of(4), random(r, 4)), 1, 1, Padding.SAME), Activation.RELU, in);
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, conv);
        return b.build(b.add("out", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(24 * 24 * 4, 3),
                random(r, 24 * 24 * 4 * 3)), Tensor.of(Shape.of(3), random(r, 3))), Activation.SOFTMAX, flat));
    }

    @Test
    void eachRandomisedLayerGetsItsMapsAndTheirSimilarity() {
        Random r = new Random(6);
        Model model = convNet(r);
        Tensor images = Tensor.of(Shape.of(2, 24, 24, 1), random(r, 2 * 576));
        try (Backend backend = new CpuBackendProvider().create()) {
            SanityCheck.Result result = SanityCheck.run(backend, model, Attributions.gradient(), images,
                    Target.top1(), SanityCheck.Mode.CASCADING, 1);
            assertThat(result.steps()).extracting(SanityCheck.Step::layer).containsExactly("out", "conv");
            for (SanityCheck.Step s : result.steps()) {
                assertThat(s.mean().keySet()).containsExactlyElementsOf(SanityCheck.MEASURES);
                assertThat(s.maps()).hasSize(2);
                // The randomised model explains the class the trained one did.
                for (int i = 0; i < 2; i++) {
                    assertThat(s.maps().get(i).target()).isEqualTo(result.original().get(i).target());
                }
                // New weights, new gradients: far from identical.
                assertThat(s.mean().get("spearman")).isLessThan(0.9);
                assertThat(s.undefined().values()).containsOnly(0);
            }
        }
    }

    @Test
    void identicalMapsAreFullySimilarAndConstantOnesUndefined() {
        Random r = new Random(7);
        Attribution a = new Attribution(Tensor.of(Shape.of(24, 24), random(r, 576)), 0, 0, Map.of());
        Attribution flat = new Attribution(Tensor.filled(Shape.of(24, 24), 0f), 0, 0, Map.of());
        SanityCheck.Step same = SanityCheck.compare("x", List.of(a, a), List.of(a, a));
        for (String m : SanityCheck.MEASURES) {
            assertThat(same.mean().get(m)).as(m).isCloseTo(1, within(1e-12));
        }
        SanityCheck.Step gone = SanityCheck.compare("x", List.of(a, a), List.of(a, flat));
        assertThat(gone.undefined()).containsEntry("spearman", 1).containsEntry("hog", 1).containsEntry("ssim", 0);
        assertThat(gone.mean().get("spearman")).isCloseTo(1, within(1e-12));
    }
}
