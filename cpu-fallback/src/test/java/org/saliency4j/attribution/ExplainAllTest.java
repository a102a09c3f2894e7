package org.saliency4j.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;

/**
 * {@link Attributions#explainAll}: each method's maps are those of its own explain, to the bit, told in the methods'
 * order; SmoothGrads that draw the same samples share their passes, and the others do not.
 */
class ExplainAllTest {
    @Test
    void everyMethodsMapsAreThoseOfItsOwnExplainInTheMethodsOrder() {
        Model model = AnnouncedWorkTest.small();
        List<AttributionMethod> methods = new ArrayList<>();
        for (String name : Attributions.names()) {
            methods.add(Attributions.byName(name));
        }
        methods.add(Attributions.varGrad().withSamples(7)); // alike the SmoothGrad below, not the default ones
        methods.add(Attributions.smoothGrad().withSamples(7));
        methods.add(Attributions.squareGrad().withSamples(7).withSeed(3)); // another seed: its own samples
        methods.add(Attributions.rise().withMasks(40));
        Tensor images = AnnouncedWorkTest.images(2);
        try (Backend backend = new CpuBackendProvider().create(); CompiledModel compiled = backend.compile(model)) {
            List<AttributionMethod> told = new ArrayList<>();
            List<List<Attribution>> all = Attributions.explainAll(compiled, methods, images, Target.top1(),
                    (method, maps) -> told.add(method));
            assertThat(told).containsExactlyElementsOf(methods);
            assertThat(all).hasSameSizeAs(methods);
            for (int i = 0; i < methods.size(); i++) {
                List<Attribution> alone = methods.get(i).explain(compiled, images, Target.top1());
                assertThat(all.get(i)).as(methods.get(i).toString()).hasSameSizeAs(alone);
                for (int k = 0; k < alone.size(); k++) {
                    Attribution a = all.get(i).get(k);
                    assertThat(a.map().toArray()).as("%s, image %d", methods.get(i), k)
                            .containsExactly(alone.get(k).map().toArray());
                    assertThat(a.target()).isEqualTo(alone.get(k).target());
                    assertThat(a.score()).isEqualTo(alone.get(k).score());
                }
            }
        }
    }

    @Test
    void smoothGradsThatDrawTheSameSamplesShareTheirPasses() {
        List<AttributionMethod> three = List.of(Attributions.smoothGrad().withSamples(9),
                Attributions.squareGrad().withSamples(9), Attributions.varGrad().withSamples(9));
        List<AttributionMethod> unlike = List.of(Attributions.smoothGrad().withSamples(9),
                Attributions.squareGrad().withSamples(9).withLevel(0.2));
        try (Backend backend = new CpuBackendProvider().create();
             CompiledModel compiled = backend.compile(AnnouncedWorkTest.small())) {
            CountingModel shared = new CountingModel(compiled);
            Attributions.explainAll(shared, three, AnnouncedWorkTest.images(2), Target.top1(), (m, maps) -> { });
            assertThat(shared.withBackward).as("9 noisy samples of each image, once").isEqualTo(18);
            assertThat(shared.announcedWithBackward).as("announced once, before the passes").isEqualTo(18);
            assertThat(shared.announcedForwardOnly).as("one scoring pass an image").isEqualTo(2);
            CountingModel apart = new CountingModel(compiled);
            Attributions.explainAll(apart, unlike, AnnouncedWorkTest.images(2), Target.top1(), (m, maps) -> { });
            assertThat(apart.withBackward).as("two noise levels, two sets of samples").isEqualTo(36);
        }
    }
}
