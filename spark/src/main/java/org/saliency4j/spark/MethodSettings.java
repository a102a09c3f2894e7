package org.saliency4j.spark;

import java.io.Serializable;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.saliency4j.attribution.Baseline;
import org.saliency4j.attribution.MethodOptions;
import org.saliency4j.attribution.Quadrature;

/**
 * The methods' settings a task needs ({@link MethodParams}), as plain values that travel with it; null where unset.
 *
 * @param layer       the Grad-CAM layer
 * @param steps       Integrated Gradients' steps
 * @param igRule      its rule's name
 * @param igTolerance its completeness tolerance
 * @param baseline    its baseline: {@code zero} or {@code blur:S}
 * @param samples     SmoothGrad's samples
 * @param noise       SmoothGrad's noise
 * @param window      occlusion's window
 * @param stride      occlusion's stride
 */
record MethodSettings(@Nullable String layer, @Nullable Integer steps, @Nullable String igRule,
                      @Nullable Double igTolerance, @Nullable String baseline, @Nullable Integer samples,
                      @Nullable Double noise, @Nullable Integer window, @Nullable Integer stride)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * @param seed the seed of the methods that draw at random
     * @return the settings for the api
     * @throws IllegalArgumentException for a rule or baseline that is not one, naming the parameter
     */
    MethodOptions options(long seed) {
        String rule = igRule;
        return MethodOptions.none().withSmoothing(samples, noise)
                .withIntegration(steps, rule == null ? null : Quadrature.parse(rule), igTolerance, parsedBaseline())
                .withLayer(layer).withOcclusion(window, stride).withSeed(seed);
    }

    private @Nullable Baseline parsedBaseline() {
        String b = baseline;
        if (b == null || b.trim().equalsIgnoreCase("zero")) {
            return null;
        }
        String t = b.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("blur:")) {
            try {
                return Baseline.blurred(Double.parseDouble(t.substring("blur:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("baseline blur:S takes the blur in pixels, not '" + b + "'", e);
            }
        }
        throw new IllegalArgumentException("baseline takes zero or blur:S, not '" + b + "' (an image file as the "
                + "baseline is explain's alone)");
    }
}
