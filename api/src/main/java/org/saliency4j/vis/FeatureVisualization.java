package org.saliency4j.vis;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.saliency4j.DivergenceException;
import org.saliency4j.InvalidSettingException;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.image.Images;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.model.Layer;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.optim.Adam;
import org.saliency4j.optim.BatchEvaluation;
import org.saliency4j.optim.Optimizer;
import org.saliency4j.tensor.DoubleTensor;
import org.saliency4j.tensor.Shape;

/**
 * Feature visualisation as Lucid renders it ({@code lucid.optvis.render.render_vis}): each item's image is made from
 * its parameters ({@link ImageParameterization}), randomly transformed ({@link Transformations}), scaled to the
 * model's input ({@link PixelScaling}), and its objective maximised by an optimizer on the parameters, the gradient
 * carried back through every stage exactly. Many items (classes, channels) run as one batch, one objective each.
 *
 * <p>Defaults, Lucid's: Fourier, decorrelated; Lucid's transformations scaled to the input; Adam with learning
 * rate 0.05; 512 steps; pixels scaled by p / 255; and, where Lucid redirects ReLU gradients throughout, the
 * redirected rule for the first 16 steps only, enough to wake the units a grey start leaves off. Item i starts from
 * parameters drawn with seed + i and step t's transformation of item i is drawn with (seed + i, t), so an item's
 * result does not depend on the others in its batch, nor on the thread count.
 */
public final class FeatureVisualization {
    /** Lucid's default number of steps. */
    public static final int DEFAULT_STEPS = 512;
    /** The first steps whose gradient passes ReLUs that are off ({@link BackwardRule#REDIRECTED}): 16. */
    public static final int DEFAULT_REDIRECTED_STEPS = 16;
    /** Lucid's default learning rate, with Adam. */
    public static final double DEFAULT_LEARNING_RATE = 0.05;

    private final ImageParameterization parameterization;
    private final Transformations transformations;
    private final boolean defaultTransformations;
    private final Optimizer optimizer;
    private final int steps;
    private final long seed;
    private final PixelScaling scaling;
    private final int redirected;
    private final @Nullable Diversity diversity;

    private FeatureVisualization(ImageParameterization parameterization, Transformations transformations,
                                 boolean defaultTransformations, Optimizer optimizer, int steps, long seed,
                                 PixelScaling scaling, int redirected, @Nullable Diversity diversity) {
        if (steps < 1) {
            throw new InvalidSettingException("a feature visualisation needs at least 1 step, got " + steps);
        }
        if (redirected < 0) {
            throw new InvalidSettingException("the redirected steps must be 0 or more, got " + redirected);
        }
        this.redirected = redirected;
        this.diversity = diversity;
        this.parameterization = parameterization;
        this.transformations = transformations;
        this.defaultTransformations = defaultTransformations;
        this.optimizer = optimizer;
        this.steps = steps;
        this.seed = seed;
        this.scaling = scaling;
    }

    /** @return Lucid's defaults */
    public static FeatureVisualization defaults() {
        return new FeatureVisualization(ImageParameterization.fourier(), Transformations.none(), true,
                Adam.of(DEFAULT_LEARNING_RATE), DEFAULT_STEPS, 0, PixelScaling.unit(), DEFAULT_REDIRECTED_STEPS, null);
    }

    /**
     * @param p how images are parameterised
     * @return a changed copy
     */
    public FeatureVisualization withParameterization(ImageParameterization p) {
        return new FeatureVisualization(p, transformations, defaultTransformations, optimizer, steps, seed, scaling,
                redirected, diversity);
    }

    /**
     * @param t the transformations; {@link Transformations#none()} for none
     * @return a changed copy
     */
    public FeatureVisualization withTransformations(Transformations t) {
        return new FeatureVisualization(parameterization, t, false, optimizer, steps, seed, scaling, redirected,
                diversity);
    }

    /**
     * @param o the optimizer
     * @return a changed copy
     */
    public FeatureVisualization withOptimizer(Optimizer o) {
        return new FeatureVisualization(parameterization, transformations, defaultTransformations, o, steps, seed,
                scaling, redirected, diversity);
    }

    /**
     * @param n the number of steps
     * @return a changed copy
     */
    public FeatureVisualization withSteps(int n) {
        return new FeatureVisualization(parameterization, transformations, defaultTransformations, optimizer, n, seed,
                scaling, redirected, diversity);
    }

    /**
     * @param s the seed
     * @return a changed copy
     */
    public FeatureVisualization withSeed(long s) {
        return new FeatureVisualization(parameterization, transformations, defaultTransformations, optimizer, steps, s,
                scaling, redirected, diversity);
    }

    /**
     * @param s how [0, 1] images become the model's input (the {@code --scale} presets)
     * @return a changed copy
     */
    public FeatureVisualization withScaling(PixelScaling s) {
        return new FeatureVisualization(parameterization, transformations, defaultTransformations, optimizer, steps,
                seed, s, redirected, diversity);
    }

    /**
     * @param n the first steps whose gradient goes back through ReLUs by Lucid's redirected rule, so that units off
     *          at a grey start can switch on; 0 for the standard gradient throughout
     * @return a changed copy
     */
    public FeatureVisualization withRedirectedSteps(int n) {
        return new FeatureVisualization(parameterization, transformations, defaultTransformations, optimizer, steps,
                seed, scaling, n, diversity);
    }

    /**
     * @param input the model's input shape, (height, width, channels)
     * @return the transformations a run on that input draws from: the ones given, else Lucid's scaled to its size
     */
    public Transformations transformationsFor(Shape input) {
        return defaultTransformations ? Transformations.lucid(Math.max(input.dim(0), input.dim(1))) : transformations;
    }

    /**
     * @param layer  the layer whose channel correlations are compared
     * @param weight the penalty's weight (Lucid's examples use about 1e2 for a mid layer)
     * @return a changed copy whose images of a batch are pushed apart by {@link Diversity}; the items of a batch then
     *         depend on each other, which is the point
     */
    public FeatureVisualization withDiversity(Layer layer, double weight) {
        return new FeatureVisualization(parameterization, transformations, defaultTransformations, optimizer, steps,
                seed, scaling, redirected, new Diversity(layer, weight));
    }

    /**
     * A finished run.
     *
     * @param images     the final images in the model's input values, (items, height, width, channels)
     * @param display    the same in [0, 1], RGB, for display
     * @param objectives each item's objective at every step, on the transformed image
     * @param formulas   each item's objective, written out
     */
    public record Result(DoubleTensor images, DoubleTensor display, double[][] objectives, List<String> formulas) {
    }

    /**
     * Runs the visualisation.
     *
     * @param model      the compiled model
     * @param objectives one per item, maximised
     * @return the images and the objectives' histories
     * @throws DivergenceException when an objective or gradient stops being finite
     */
    public Result run(CompiledModel model, List<? extends SaliencyObjective> objectives) {
        Shape modelInput = model.model().inputShape();
        Shape image = imageOf(modelInput);
        if (!scaling.fits(image.dim(2))) {
            throw new IllegalArgumentException("the pixel scaling " + scaling + " needs 3 channels, the model has "
                    + image.dim(2));
        }
        Transformations t = transformationsFor(image);
        int items = objectives.size();
        int per = image.size();
        int channels = image.dim(2);
        int params = parameterization.parameters(image);
        double[] p = new double[items * params];
        for (int i = 0; i < items; i++) {
            System.arraycopy(parameterization.initial(image, seed + i), 0, p, i * params, params);
        }
        Shape batch = modelInput.withBatch(items);
        BatchEvaluation evaluation = BatchEvaluation.of(model, objectives, batch, diversity);
        Optimizer.State state = optimizer.start(p.length);
        model.announceWork((long) steps * items);
        double[][] history = new double[items][steps];
        double[] x = new double[items * per];
        double[] gradient = new double[items * per];
        double[] ascent = new double[p.length];
        double[] slope = new double[channels];
        double[] offset = new double[channels];
        int[] colour = new int[channels];
        for (int c = 0; c < channels; c++) {
            slope[c] = scaling.slope(c);
            offset[c] = scaling.offset(c);
            colour[c] = scaling.bgr() ? channels - 1 - c : c;
        }
        // Per item: its image in [0, 1] and this step's transformation; per thread: the transformed image and the
        // gradients, reused every step.
        double[][] shown = new double[items][per];
        Warp[] warps = new Warp[items];
        ThreadLocal<double[][]> lane = ThreadLocal.withInitial(() -> new double[3][per]);
        for (int step = 0; step < steps; step++) {
            int now = step;
            // Each item's image and gradient are its own, so the items run in parallel; the result does not
            // depend on the order.
            model.forEachItem(items, i -> {
                double[] warped = lane.get()[0];
                parameterization.render(image, p, i * params, shown[i]);
                warps[i] = t.sample(image, new SplittableRandom((seed + i) * 0x9E3779B97F4A7C15L + now));
                toInput(warps[i].apply(shown[i], channels, warped), x, i * per, slope, offset, colour);
            });
            double[] values = evaluation.evaluate(x, gradient,
                    step < redirected ? BackwardRule.REDIRECTED : BackwardRule.STANDARD);
            model.forEachItem(items, i -> {
                double[][] buffers = lane.get();
                fromInput(gradient, i * per, buffers[1], slope, colour);
                parameterization.backward(image, shown[i], warps[i].adjoint(buffers[1], channels, buffers[2]),
                        ascent, i * params);
            });
            for (int i = 0; i < items; i++) {
                history[i][step] = values[i];
                requireFinite(step, i, values[i], ascent, i * params, params, objectives.get(i));
            }
            state.step(p, ascent);
        }
        double[] display = new double[items * per];
        double[] input = new double[items * per];
        for (int i = 0; i < items; i++) {
            parameterization.render(image, p, i * params, shown[i]);
            System.arraycopy(shown[i], 0, display, i * per, per);
            toInput(shown[i], input, i * per, slope, offset, colour);
        }
        List<String> formulas = new ArrayList<>();
        for (SaliencyObjective o : objectives) {
            formulas.add(o.toString());
        }
        return new Result(DoubleTensor.of(batch, input), DoubleTensor.of(batch, display), history, formulas);
    }

    /**
     * The image a model's input is: (height, width, channels) as it is, (height, width) as one channel.
     *
     * @param input the model's input shape, without batch
     * @return the image's shape, (height, width, channels)
     * @throws IllegalArgumentException for an input that is not an image, naming its shape
     */
    public static Shape imageOf(Shape input) {
        return Images.imageShape("feature visualisation", input);
    }

    /** Throws when item i's objective or any of its parameters' gradient stopped being finite. */
    private static void requireFinite(int step, int i, double value, double[] ascent, int from, int n,
                                      SaliencyObjective objective) {
        boolean finite = Double.isFinite(value);
        for (int k = from; k < from + n && finite; k++) {
            finite = Double.isFinite(ascent[k]);
        }
        if (!finite) {
            throw new DivergenceException(step, "feature visualisation diverged at step " + step + ": item " + i
                    + "'s objective is " + value + " (" + objective + "); try a smaller learning rate");
        }
    }

    /** [0, 1] RGB to the model's input: channel c takes colour {@code colour[c]} (reversed for BGR models). */
    private static void toInput(double[] rgb, double[] into, int offset, double[] slope, double[] shift,
                                int[] colour) {
        int channels = slope.length;
        for (int q = 0; q < rgb.length / channels; q++) {
            for (int c = 0; c < channels; c++) {
                into[offset + q * channels + c] = rgb[q * channels + colour[c]] * 255 * slope[c] + shift[c];
            }
        }
    }

    /** The adjoint of {@link #toInput}: a model-input gradient as a gradient of the [0, 1] RGB image, into out. */
    private static void fromInput(double[] g, int offset, double[] out, double[] slope, int[] colour) {
        int channels = slope.length;
        for (int q = 0; q < out.length / channels; q++) {
            for (int c = 0; c < channels; c++) {
                out[q * channels + colour[c]] = g[offset + q * channels + c] * 255 * slope[c];
            }
        }
    }
}
