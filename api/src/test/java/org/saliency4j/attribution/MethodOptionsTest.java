package org.saliency4j.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link MethodOptions}: each setting reaches the methods it concerns, and nothing else changes. */
class MethodOptionsTest {
    private static final MethodOptions ALL = MethodOptions.none().withSmoothing(7, 0.25)
            .withIntegration(30, Quadrature.TRAPEZOID, 0.01, Baseline.blurred(2)).withLayer("conv_1")
            .withOcclusion(6, 3).withSeed(11L);

    @Test
    void eachSettingReachesItsMethods() {
        assertThat(ALL.applyTo(Attributions.smoothGrad()).settings()).containsEntry("samples", 7)
                .containsEntry("level", 0.25).containsEntry("seed", 11L);
        assertThat(ALL.applyTo(Attributions.varGrad()).name()).isEqualTo("vargrad");
        assertThat(ALL.applyTo(Attributions.integratedGradients()).settings()).containsEntry("steps", 30)
                .containsEntry("rule", "trapezoid").containsEntry("tolerance", 0.01)
                .containsEntry("baseline", "blurred, sigma 2.0");
        assertThat(ALL.applyTo(Attributions.gradCamPlusPlus()).settings()).containsEntry("layer", "conv_1");
        assertThat(ALL.applyTo(Attributions.occlusion()).settings()).containsEntry("window", 6)
                .containsEntry("stride", 3);
        assertThat(ALL.applyTo(Attributions.rise()).settings()).containsEntry("seed", 11L);
        assertThat(ALL.applyTo(Attributions.gradient()).settings()).isEqualTo(Attributions.gradient().settings());
    }

    @Test
    void unsetSettingsKeepEachMethodsDefaults() {
        for (String name : Attributions.names()) {
            AttributionMethod method = Attributions.byName(name);
            assertThat(MethodOptions.none().applyTo(method).settings()).as(name).isEqualTo(method.settings());
        }
    }

    @Test
    void aBadSettingOrRuleIsRefusedInWords() {
        assertThatThrownBy(() -> MethodOptions.none().withIntegration(0, null, null, null)
                .applyTo(Attributions.integratedGradients())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 6400 steps");
        assertThat(Quadrature.parse(" Trapezoid")).isEqualTo(Quadrature.TRAPEZOID);
        assertThatThrownBy(() -> Quadrature.parse("simpson")).hasMessageContaining("gauss-legendre or trapezoid")
                .hasMessageContaining("'simpson'");
    }
}
