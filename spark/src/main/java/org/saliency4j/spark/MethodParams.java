package org.saliency4j.spark;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.jspecify.annotations.Nullable;

/**
 * The attribution methods' settings as Spark ML parameters, named as {@code explain}'s options are: {@code layer},
 * {@code steps}, {@code igRule}, {@code igTolerance}, {@code baseline} ({@code zero} or {@code blur:S}; an image
 * file is {@code explain}'s alone), {@code samples}, {@code noise}, {@code window} and {@code stride}. A parameter
 * left unset keeps each method's default (docs/attribution.md).
 *
 * @param <T> the transformer, which the setters return
 */
public abstract class MethodParams<T extends MethodParams<T>> extends Transformer {
    private static final long serialVersionUID = 1L;

    /** The transformer's uid. */
    private final String uid;
    /** The Grad-CAM layer. */
    private final Param<String> layer;
    /** Integrated Gradients' steps. */
    private final IntParam steps;
    /** Integrated Gradients' rule. */
    private final Param<String> igRule;
    /** Integrated Gradients' completeness tolerance. */
    private final DoubleParam igTolerance;
    /** Integrated Gradients' baseline. */
    private final Param<String> baseline;
    /** SmoothGrad's samples. */
    private final IntParam samples;
    /** SmoothGrad's noise. */
    private final DoubleParam noise;
    /** Occlusion's window. */
    private final IntParam window;
    /** Occlusion's stride. */
    private final IntParam stride;

    /** @param uid the transformer's uid (Spark's copies keep it) */
    protected MethodParams(String uid) {
        this.uid = uid;
        layer = new Param<>(this, "layer", "the Grad-CAM layer (default: the last with a spatial grid)");
        steps = new IntParam(this, "steps", "Integrated Gradients' steps (default 50)");
        igRule = new Param<>(this, "igRule", "Integrated Gradients' rule: gauss-legendre (default) or trapezoid");
        igTolerance = new DoubleParam(this, "igTolerance", "double Integrated Gradients' steps until its "
                + "completeness delta is within this fraction of |S(x) - S(baseline)| (default: off)");
        baseline = new Param<>(this, "baseline", "Integrated Gradients' baseline: zero (default) or blur:S (each "
                + "image blurred with a Gaussian of S pixels)");
        samples = new IntParam(this, "samples", "SmoothGrad's samples (default 50)");
        noise = new DoubleParam(this, "noise", "SmoothGrad's noise, a fraction of the image's range (default 0.15)");
        window = new IntParam(this, "window", "occlusion's window side (default 4, or 16 above 64 pixels)");
        stride = new IntParam(this, "stride", "occlusion's stride (default half the window)");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** @return this transformer, as its own type */
    protected abstract T self();

    /** @return the Grad-CAM layer parameter */
    public Param<String> layer() {
        return layer;
    }

    /** @return Integrated Gradients' steps parameter */
    public IntParam steps() {
        return steps;
    }

    /** @return Integrated Gradients' rule parameter */
    public Param<String> igRule() {
        return igRule;
    }

    /** @return Integrated Gradients' completeness tolerance parameter */
    public DoubleParam igTolerance() {
        return igTolerance;
    }

    /** @return Integrated Gradients' baseline parameter */
    public Param<String> baseline() {
        return baseline;
    }

    /** @return SmoothGrad's samples parameter */
    public IntParam samples() {
        return samples;
    }

    /** @return SmoothGrad's noise parameter */
    public DoubleParam noise() {
        return noise;
    }

    /** @return occlusion's window parameter */
    public IntParam window() {
        return window;
    }

    /** @return occlusion's stride parameter */
    public IntParam stride() {
        return stride;
    }

    /**
     * @param v the Grad-CAM layer, by name or path through nested models
     * @return this
     */
    public T setLayer(String v) {
        set(layer, v);
        return self();
    }

    /**
     * @param v Integrated Gradients' steps
     * @return this
     */
    public T setSteps(int v) {
        set(steps, v);
        return self();
    }

    /**
     * @param v {@code gauss-legendre} or {@code trapezoid}
     * @return this
     */
    public T setIgRule(String v) {
        set(igRule, v);
        return self();
    }

    /**
     * @param v the completeness tolerance, a fraction
     * @return this
     */
    public T setIgTolerance(double v) {
        set(igTolerance, v);
        return self();
    }

    /**
     * @param v {@code zero} or {@code blur:S}
     * @return this
     */
    public T setBaseline(String v) {
        set(baseline, v);
        return self();
    }

    /**
     * @param v SmoothGrad's samples
     * @return this
     */
    public T setSamples(int v) {
        set(samples, v);
        return self();
    }

    /**
     * @param v SmoothGrad's noise, a fraction of the image's range
     * @return this
     */
    public T setNoise(double v) {
        set(noise, v);
        return self();
    }

    /**
     * @param v occlusion's window side in pixels
     * @return this
     */
    public T setWindow(int v) {
        set(window, v);
        return self();
    }

    /**
     * @param v occlusion's stride in pixels
     * @return this
     */
    public T setStride(int v) {
        set(stride, v);
        return self();
    }

    /** @return the settings as set, for the executors */
    MethodSettings methodSettings() {
        return new MethodSettings((String) value(layer), (Integer) value(steps), (String) value(igRule),
                (Double) value(igTolerance), (String) value(baseline), (Integer) value(samples), (Double) value(noise),
                (Integer) value(window), (Integer) value(stride));
    }

    private @Nullable Object value(Param<?> p) {
        return isSet(p) ? getOrDefault(p) : null;
    }
}
