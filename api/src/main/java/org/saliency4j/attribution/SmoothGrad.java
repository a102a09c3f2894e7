package org.saliency4j.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;

/**
 * SmoothGrad (Smilkov et al. 2017, "SmoothGrad: removing noise by adding noise"): the mean of dS/dx over
 * {@code samples} copies of the image with Gaussian noise of standard deviation
 * {@code sigma = level * (max x - min x)}, the image's own range in model-input values. Its variants: SquareGrad,
 * the mean of (dS/dx)^2, and VarGrad, the variance of dS/dx over the samples (Adebayo et al. 2018). The map has the
 * input's shape.
 *
 * <p>Sample {@code k}'s noise is drawn from a generator seeded with {@code (seed, k)}, the same standard normal
 * values for every image (scaled by its sigma), so a seed gives the same map on every run, batch size and thread
 * count, and an image's map does not depend on the other images of its batch. Sums run in double precision, in
 * sample order. Defaults: 50 samples and level 0.15, the paper's recommendation (10 to 20 % noise); seed 0.
 */
public final class SmoothGrad implements AttributionMethod {
    /** The paper's sample count. */
    public static final int DEFAULT_SAMPLES = 50;
    /** The noise level, as a fraction of the image's range: the middle of the paper's 10 to 20 %. */
    public static final double DEFAULT_LEVEL = 0.15;

    /** What is averaged over the noisy samples. */
    public enum Variant {
        /** SmoothGrad: the mean gradient. */
        MEAN("smoothgrad"),
        /** SquareGrad: the mean of the squared gradient. */
        SQUARE("squaregrad"),
        /** VarGrad: the variance of the gradient (the mean of squares minus the square of the mean). */
        VARIANCE("vargrad");

        private final String methodName;

        Variant(String methodName) {
            this.methodName = methodName;
        }
    }

    private final Variant variant;
    private final int samples;
    private final double level;
    private final long seed;
    private final int internalBatch;

    private SmoothGrad(Variant variant, int samples, double level, long seed, int internalBatch) {
        if (samples < 1) {
            throw new IllegalArgumentException("SmoothGrad needs at least one sample, not " + samples);
        }
        if (!(level >= 0) || Double.isInfinite(level)) {
            throw new IllegalArgumentException("the noise level must be a finite number >= 0, not " + level);
        }
        this.variant = variant;
        this.samples = samples;
        this.level = level;
        this.seed = seed;
        this.internalBatch = Maps.checkedBatch(internalBatch);
    }

    static SmoothGrad of(Variant variant) {
        return new SmoothGrad(variant, DEFAULT_SAMPLES, DEFAULT_LEVEL, 0, 0);
    }

    /**
     * @param n the number of noisy samples
     * @return a changed copy
     */
    public SmoothGrad withSamples(int n) {
        return new SmoothGrad(variant, n, level, seed, internalBatch);
    }

    /**
     * @param fraction the noise's standard deviation over the image's range
     * @return a changed copy
     */
    public SmoothGrad withLevel(double fraction) {
        return new SmoothGrad(variant, samples, fraction, seed, internalBatch);
    }

    /**
     * @param s the noise's seed
     * @return a changed copy
     */
    public SmoothGrad withSeed(long s) {
        return new SmoothGrad(variant, samples, level, s, internalBatch);
    }

    /**
     * @param v what is averaged
     * @return a changed copy
     */
    public SmoothGrad withVariant(Variant v) {
        return new SmoothGrad(v, samples, level, seed, internalBatch);
    }

    /**
     * @param n inputs per pass through the model; 0 for the model's default
     * @return a changed copy
     */
    public SmoothGrad withInternalBatch(int n) {
        return new SmoothGrad(variant, samples, level, seed, n);
    }

    @Override
    public String name() {
        return variant.methodName;
    }

    /** A forward pass per image for its score, then its samples with their backward passes. */
    @Override
    public void announce(CompiledModel model, int images) {
        model.announceForwardWork(images);
        model.announceWork((long) samples * images);
    }

    @Override
    public List<Attribution> explain(CompiledModel model, Tensor images, Target target) {
        return explainAlike(model, images, target, List.of(this)).get(0);
    }

    /**
     * @param other another SmoothGrad
     * @return whether the two draw the same noisy samples (the same count, level, seed and internal batch), so that
     *         {@link #explainAlike} can give both from one set of passes
     */
    boolean samplesAlike(SmoothGrad other) {
        return samples == other.samples && Double.compare(level, other.level) == 0 && seed == other.seed
                && internalBatch == other.internalBatch;
    }

    /**
     * The maps of several variants that draw the same samples as this one ({@link #samplesAlike}), from one set
     * of passes: each variant's attributions are those its own {@link #explain} gives, to the bit.
     *
     * @param model    the compiled model
     * @param images   a batch in model-input form; not modified
     * @param target   which class to explain on each image
     * @param variants SmoothGrads alike this one (this one among them or not)
     * @return each variant's attributions, in the order given
     */
    List<List<Attribution>> explainAlike(CompiledModel model, Tensor images, Target target,
                                         List<SmoothGrad> variants) {
        for (SmoothGrad v : variants) {
            if (!samplesAlike(v)) {
                throw new IllegalArgumentException(v + " does not draw the samples of " + this);
            }
        }
        Model m = model.model();
        Scored s = Scored.of(model, images, target, internalBatch);
        double[] x = s.values();
        int per = s.perImage();
        List<List<Attribution>> out = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            out.add(new ArrayList<>());
        }
        for (int image = 0; image < s.count(); image++) {
            int offset = s.offset(image);
            double sigma = level * range(x, offset, per);
            double[] mean = new double[per];
            double[] squares = new double[per];
            int c = s.classes()[image];
            Scoring.gradients(model, samples, (k, into, at) -> {
                SplittableRandom noise = noise(k);
                for (int e = 0; e < per; e++) {
                    into[at + e] = x[offset + e] + sigma * noise.nextGaussian();
                }
            }, Target.classIndex(c), BackwardRule.STANDARD, m.input(), s.batch(), (k, t, score, g, at, value, valueAt) -> {
                for (int e = 0; e < per; e++) {
                    mean[e] += g[at + e];
                    squares[e] += g[at + e] * g[at + e];
                }
            });
            for (int v = 0; v < variants.size(); v++) {
                Variant variant = variants.get(v).variant;
                double[] map = new double[per];
                for (int e = 0; e < per; e++) {
                    double mu = mean[e] / samples;
                    map[e] = switch (variant) {
                        case MEAN -> mu;
                        case SQUARE -> squares[e] / samples;
                        case VARIANCE -> Math.max(0, squares[e] / samples - mu * mu);
                    };
                }
                out.get(v).add(new Attribution(Tensor.ofDoubles(m.inputShape(), map), c, s.score(image),
                        Map.of("sigma", sigma, "samples", samples)));
            }
        }
        return out;
    }

    /** Sample {@code k}'s generator of standard normal values, the same for every image: made anew, not stored. */
    private SplittableRandom noise(int k) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k);
    }

    private static double range(double[] x, int offset, int n) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < n; e++) {
            lo = Math.min(lo, x[offset + e]);
            hi = Math.max(hi, x[offset + e]);
        }
        return hi - lo;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("level", level);
        m.put("seed", seed);
        return m;
    }

    @Override
    public boolean signed() {
        return variant == Variant.MEAN;
    }

    @Override
    public String toString() {
        return name() + " (" + samples + " samples, level " + level + ", seed " + seed + ")";
    }
}
