package org.saliency4j.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Attributions#seeded}: the seed reaches the methods that draw at random, and only their seed changes. */
class SeededTest {
    @Test
    void smoothGradAndRiseTakeTheSeedAndTheOtherMethodsAreThemselves() {
        SmoothGrad smooth = Attributions.smoothGrad().withSamples(7);
        assertThat(Attributions.seeded(smooth, 11).settings()).containsEntry("seed", 11L)
                .containsEntry("samples", 7).isEqualTo(smooth.withSeed(11).settings());
        assertThat(Attributions.seeded(Attributions.varGrad(), 11).name()).isEqualTo("vargrad");
        assertThat(Attributions.seeded(Attributions.rise(), 11).settings()).containsEntry("seed", 11L);
        AttributionMethod gradient = Attributions.gradient();
        assertThat(Attributions.seeded(gradient, 11)).isSameAs(gradient);
        IntegratedGradients ig = Attributions.integratedGradients();
        assertThat(Attributions.seeded(ig, 11)).isSameAs(ig);
    }
}
