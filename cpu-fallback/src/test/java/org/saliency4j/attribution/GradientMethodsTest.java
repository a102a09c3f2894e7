package org.saliency4j.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.backend.LayerValue;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * The methods read off one gradient, and SmoothGrad, against the backend's own backward pass; targets; batching
 * and seeds.
 */
class GradientMethodsTest {
    private Backend backend;

    @BeforeEach
    void open() {
        backend = new CpuBackendProvider().create();
    }

    @AfterEach
    void close() {
        backend.close();
    }

    /** dS/dx of class c's logit on sample i by the rule, straight from a pass. */
    private static float[] gradient(CompiledModel compiled, Tensor image, int c, BackwardRule rule) {
        Model m = compiled.model();
        try (ForwardPass pass = compiled.forward(image)) {
            float[] seed = new float[m.output().outputShape().size()];
            seed[c] = 1;
            return pass.gradient(m.output(), LayerValue.PRE_ACTIVATION, Tensor.of(m.output().outputShape().withBatch(1),
                    seed), m.input(), rule).toArray();
        }
    }

    @Test
    void eachGradientMethodReadsTheGradientAsItsDefinitionSays() {
        Tensor image = IntegratedGradientsTest.images(1, 9);
        float[] x = image.toArray();
        try (CompiledModel compiled = backend.compile(IntegratedGradientsTest.smooth())) {
            float[] g = gradient(compiled, image, 2, BackwardRule.STANDARD);
            assertThat(Attributions.gradient().explain(compiled, image, Target.classIndex(2)).get(0).map().toArray())
                    .containsExactly(g);
            float[] saliency = Attributions.saliency().explain(compiled, image, Target.classIndex(2)).get(0).map()
                    .toArray();
            assertThat(saliency).hasSize(25);
            for (int p = 0; p < 25; p++) {
                assertThat(saliency[p]).isEqualTo(Math.max(Math.abs(g[2 * p]), Math.abs(g[2 * p + 1])));
            }
            float[] timesInput = Attributions.gradientTimesInput().explain(compiled, image, Target.classIndex(2))
                    .get(0).map().toArray();
            for (int e = 0; e < x.length; e++) {
                assertThat(timesInput[e]).isEqualTo(x[e] * g[e]);
            }
            assertThat(Attributions.guidedBackprop().explain(compiled, image, Target.classIndex(2)).get(0).map()
                    .toArray()).containsExactly(gradient(compiled, image, 2, BackwardRule.GUIDED));
            assertThat(Attributions.deconvnet().explain(compiled, image, Target.classIndex(2)).get(0).map()
                    .toArray()).containsExactly(gradient(compiled, image, 2, BackwardRule.DECONVNET));
        }
    }

    @Test
    void smoothGradWithoutNoiseIsTheGradientAndVarGradZero() {
        Tensor image = IntegratedGradientsTest.images(1, 10);
        try (CompiledModel compiled = backend.compile(IntegratedGradientsTest.smooth())) {
            float[] g = gradient(compiled, image, 0, BackwardRule.STANDARD);
            float[] smooth = Attributions.smoothGrad().withLevel(0).withSamples(7).explain(compiled, image,
                    Target.classIndex(0)).get(0).map().toArray();
            float[] squares = Attributions.squareGrad().withLevel(0).withSamples(7).explain(compiled, image,
                    Target.classIndex(0)).get(0).map().toArray();
            float[] variance = Attributions.varGrad().withLevel(0).withSamples(7).explain(compiled, image,
                    Target.classIndex(0)).get(0).map().toArray();
            for (int e = 0; e < g.length; e++) {
                assertThat(smooth[e]).isCloseTo(g[e], within(1e-6f * Math.abs(g[e])));
                assertThat(squares[e]).isCloseTo(g[e] * g[e], within(1e-6f * g[e] * g[e]));
                assertThat(variance[e]).isCloseTo(0f, within(1e-6f * g[e] * g[e]));
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameMapWhateverTheBatchAndAnotherSeedAnother() {
        Tensor images = IntegratedGradientsTest.images(2, 11);
        try (CompiledModel compiled = backend.compile(IntegratedGradientsTest.smooth())) {
            SmoothGrad method = Attributions.smoothGrad().withSamples(9).withSeed(42);
            List<Attribution> a = method.explain(compiled, images, Target.top1());
            List<Attribution> b = method.withInternalBatch(4).explain(compiled, images, Target.top1());
            List<Attribution> other = method.withSeed(43).explain(compiled, images, Target.top1());
            for (int i = 0; i < 2; i++) {
                assertThat(b.get(i).map()).isEqualTo(a.get(i).map());
                assertThat(other.get(i).map()).isNotEqualTo(a.get(i).map());
            }
        }
    }

    @Test
    void everyMethodGivesEachImageOfABatchWhatItGetsAloneToTheBit() {
        Tensor images = IntegratedGradientsTest.images(3, 12);
        try (CompiledModel compiled = backend.compile(IntegratedGradientsTest.smooth())) {
            for (String name : Attributions.names()) {
                AttributionMethod method = Attributions.byName(name);
                List<Attribution> together = method.explain(compiled, images, Target.top1());
                for (int i = 0; i < 3; i++) {
                    Attribution alone = method.explain(compiled, images.samples(i, 1), Target.top1()).get(0);
                    assertThat(together.get(i).map()).as("%s, image %d", name, i).isEqualTo(alone.map());
                    assertThat(together.get(i).target()).isEqualTo(alone.target());
                    assertThat(together.get(i).score()).isEqualTo(alone.score());
                }
            }
        }
    }

    @Test
    void everyMethodChoosesTheTargetFromTheImagesLogitsAndChecksIt() {
        Tensor images = IntegratedGradientsTest.images(3, 13);
        try (CompiledModel compiled = backend.compile(IntegratedGradientsTest.smooth());
             ForwardPass pass = compiled.forward(images)) {
            float[] logits = pass.preActivation(compiled.model().output()).toArray();
            for (String name : Attributions.names()) {
                AttributionMethod method = Attributions.byName(name);
                List<Attribution> top = method.explain(compiled, images, Target.top1());
                for (int i = 0; i < 3; i++) {
                    int best = 0;
                    for (int c = 1; c < 3; c++) {
                        best = logits[i * 3 + c] > logits[i * 3 + best] ? c : best;
                    }
                    assertThat(top.get(i).target()).as("%s, image %d", name, i).isEqualTo(best);
                    assertThat(top.get(i).score()).as("%s, image %d", name, i).isEqualTo(logits[i * 3 + best]);
                }
                assertThat(method.explain(compiled, images, Target.classes(2, 0, 1))).as(name)
                        .extracting(Attribution::target).containsExactly(2, 0, 1);
                assertThat(method.explain(compiled, images, Target.chosenBy(l -> l.length - 1))).as(name)
                        .extracting(Attribution::target).containsOnly(2);
                assertThatThrownBy(() -> method.explain(compiled, images, Target.classIndex(3))).as(name)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classes 0 to 2");
            }
            assertThatThrownBy(() -> Attributions.gradient().explain(compiled, Tensor.filled(Shape.of(1, 4, 4, 2), 0f),
                    Target.top1())).isInstanceOf(ShapeMismatchException.class).hasMessageContaining("(None, 5, 5, 2)");
        }
    }

    @Test
    void methodsAreFoundByTheirCommandLineNames() {
        assertThat(Attributions.names()).contains("gradient", "saliency", "gradient-x-input", "smoothgrad",
                "integrated-gradients", "guided-backprop", "deconvnet");
        for (String name : Attributions.names()) {
            assertThat(Attributions.byName(name).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> Attributions.byName("lime")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lime'").hasMessageContaining("integrated-gradients");
    }
}
