package org.saliency4j.attribution;

import org.jspecify.annotations.Nullable;

/**
 * Settings for attribution methods, each applied to the methods it concerns: a tool's options for a run of several
 * methods ({@code explain}'s command line, the Spark transformer's parameters). What is not set keeps each
 * method's own default.
 *
 * <ul>
 *   <li>internal batch: every method that takes one;</li>
 *   <li>samples, noise: SmoothGrad and its variants;</li>
 *   <li>steps, rule, tolerance, baseline: Integrated Gradients;</li>
 *   <li>layer: Grad-CAM, Grad-CAM++ and Guided Grad-CAM;</li>
 *   <li>window, stride: occlusion;</li>
 *   <li>seed: the methods that draw at random ({@link Attributions#seeded}).</li>
 * </ul>
 */
public final class MethodOptions {
    private final int internalBatch;
    private final @Nullable Integer samples;
    private final @Nullable Double noise;
    private final @Nullable Integer steps;
    private final @Nullable Quadrature rule;
    private final @Nullable Double tolerance;
    private final @Nullable Baseline baseline;
    private final @Nullable String layer;
    private final @Nullable Integer window;
    private final @Nullable Integer stride;
    private final @Nullable Long seed;

    private MethodOptions(int internalBatch, @Nullable Integer samples, @Nullable Double noise,
                          @Nullable Integer steps, @Nullable Quadrature rule, @Nullable Double tolerance,
                          @Nullable Baseline baseline, @Nullable String layer, @Nullable Integer window,
                          @Nullable Integer stride, @Nullable Long seed) {
        this.internalBatch = internalBatch;
        this.samples = samples;
        this.noise = noise;
        this.steps = steps;
        this.rule = rule;
        this.tolerance = tolerance;
        this.baseline = baseline;
        this.layer = layer;
        this.window = window;
        this.stride = stride;
        this.seed = seed;
    }

    /** @return no setting: every method keeps its defaults */
    public static MethodOptions none() {
        return new MethodOptions(0, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * @param n inputs per pass through the model; 0 for each method's default
     * @return a changed copy
     */
    public MethodOptions withInternalBatch(int n) {
        return new MethodOptions(n, samples, noise, steps, rule, tolerance, baseline, layer, window, stride, seed);
    }

    /**
     * @param n SmoothGrad's samples, or null for its default
     * @param level SmoothGrad's noise as a fraction of the image's range, or null for its default
     * @return a changed copy
     */
    public MethodOptions withSmoothing(@Nullable Integer n, @Nullable Double level) {
        return new MethodOptions(internalBatch, n, level, steps, rule, tolerance, baseline, layer, window, stride,
                seed);
    }

    /**
     * @param n         Integrated Gradients' steps, or null for its default
     * @param q         its quadrature rule, or null for its default
     * @param fraction  its completeness tolerance ({@link IntegratedGradients#withTolerance}), or null for none
     * @param reference its baseline, or null for zeros
     * @return a changed copy
     */
    public MethodOptions withIntegration(@Nullable Integer n, @Nullable Quadrature q, @Nullable Double fraction,
                                         @Nullable Baseline reference) {
        return new MethodOptions(internalBatch, samples, noise, n, q, fraction, reference, layer, window, stride,
                seed);
    }

    /**
     * @param name the Grad-CAM layer, or null for the default (the last with a spatial grid larger than 1 x 1)
     * @return a changed copy
     */
    public MethodOptions withLayer(@Nullable String name) {
        return new MethodOptions(internalBatch, samples, noise, steps, rule, tolerance, baseline, name, window, stride,
                seed);
    }

    /**
     * @param side   occlusion's window side, or null for its default
     * @param pixels its stride, or null for its default
     * @return a changed copy
     */
    public MethodOptions withOcclusion(@Nullable Integer side, @Nullable Integer pixels) {
        return new MethodOptions(internalBatch, samples, noise, steps, rule, tolerance, baseline, layer, side, pixels,
                seed);
    }

    /**
     * @param s the seed of the methods that draw at random, or null for theirs
     * @return a changed copy
     */
    public MethodOptions withSeed(@Nullable Long s) {
        return new MethodOptions(internalBatch, samples, noise, steps, rule, tolerance, baseline, layer, window, stride,
                s);
    }

    /**
     * @param method a method
     * @return the method with the settings that concern it
     * @throws IllegalArgumentException for a setting the method refuses (steps out of range, a negative noise)
     */
    public AttributionMethod applyTo(AttributionMethod method) {
        AttributionMethod out = method;
        if (method instanceof GradientMethod g) {
            out = g.withInternalBatch(internalBatch);
        } else if (method instanceof SmoothGrad s) {
            SmoothGrad c = s.withInternalBatch(internalBatch);
            c = samples == null ? c : c.withSamples(samples);
            out = noise == null ? c : c.withLevel(noise);
        } else if (method instanceof IntegratedGradients ig) {
            IntegratedGradients c = ig.withInternalBatch(internalBatch);
            c = steps == null ? c : c.withSteps(steps);
            c = rule == null ? c : c.withRule(rule);
            c = tolerance == null ? c : c.withTolerance(tolerance);
            out = baseline == null ? c : c.withBaseline(baseline);
        } else if (method instanceof GradCam g) {
            GradCam c = g.withInternalBatch(internalBatch);
            out = layer == null ? c : c.withLayer(layer);
        } else if (method instanceof Occlusion o) {
            Occlusion c = o.withInternalBatch(internalBatch);
            c = window == null ? c : c.withWindow(window);
            out = stride == null ? c : c.withStride(stride);
        } else if (method instanceof Rise r) {
            out = r.withInternalBatch(internalBatch);
        }
        return seed == null ? out : Attributions.seeded(out, seed);
    }
}
