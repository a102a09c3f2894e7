package org.saliency4j.trust;

import java.util.List;
import java.util.SplittableRandom;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Infidelity (Yeh et al., "On the (In)fidelity and Sensitivity of Explanations", NeurIPS 2019) with Gaussian
 * perturbations: the mean over the samples I_k of (I_k . phi - (S(x) - S(x - I_k)))^2, where phi is the map and S
 * the target's logit (the score the maps explain). I_k has independent normal entries of standard deviation
 * {@code level} times the image's range (max x - min x), default level 0.003 (Captum's example uses an absolute
 * 0.003 on images of range about 1), 10 samples; sample k is drawn from a generator seeded with (seed, k), the same
 * for every image. A map of one value per pixel takes the perturbation summed over the pixel's channels. Lower is
 * more faithful.
 */
public final class Infidelity {
    private final int samples;
    private final double level;
    private final long seed;

    private Infidelity(int samples, double level, long seed) {
        if (samples < 1 || !(level > 0) || Double.isInfinite(level)) {
            throw new IllegalArgumentException("infidelity needs at least 1 sample and a positive finite level, not "
                    + samples + " and " + level);
        }
        this.samples = samples;
        this.level = level;
        this.seed = seed;
    }

    /** @return the defaults: 10 samples, level 0.003, seed 0 */
    public static Infidelity defaults() {
        return new Infidelity(10, 0.003, 0);
    }

    /**
     * @param n    the number of perturbations
     * @param sd   their standard deviation over the image's range
     * @param s    their seed
     * @return a changed copy
     */
    public Infidelity with(int n, double sd, long s) {
        return new Infidelity(n, sd, s);
    }

    /**
     * @param s the perturbations' seed
     * @return a changed copy, its samples and level kept
     */
    public Infidelity withSeed(long s) {
        return new Infidelity(samples, level, s);
    }

    /**
     * @param model  the compiled model
     * @param images a batch in model-input form; not modified
     * @param maps   one map per image, with its target
     * @return one infidelity per image
     */
    public double[] evaluate(CompiledModel model, Tensor images, List<Attribution> maps) {
        double[] x = Perturbed.values(model, images, maps);
        Model m = model.model();
        Shape input = m.inputShape();
        int per = input.size();
        double[] out = new double[maps.size()];
        for (int image = 0; image < maps.size(); image++) {
            int offset = image * per;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int e = 0; e < per; e++) {
                min = Math.min(min, x[offset + e]);
                max = Math.max(max, x[offset + e]);
            }
            double sigma = level * (max - min);
            double[][] noise = new double[samples][per];
            for (int k = 0; k < samples; k++) {
                SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k);
                for (int e = 0; e < per; e++) {
                    noise[k][e] = sigma * r.nextGaussian();
                }
            }
            double[] s = Perturbed.scores("infidelity", image, model, samples + 1, (k, into, at) -> {
                for (int e = 0; e < per; e++) {
                    into[at + e] = x[offset + e] - (k == 0 ? 0 : noise[k - 1][e]);
                }
            }, maps.get(image).target(), false);
            Tensor map = maps.get(image).map();
            boolean full = map.shape().equals(input);
            double[] phi = full ? toDoubles(map) : Perturbed.pixels("infidelity", image, map,
                    Perturbed.imageInput("infidelity", m));
            int group = full ? 1 : input.dim(2);
            double sum = 0;
            for (int k = 0; k < samples; k++) {
                double dot = 0;
                for (int e = 0; e < per; e++) {
                    dot += noise[k][e] * phi[e / group];
                }
                double d = dot - (s[0] - s[k + 1]);
                sum += d * d;
            }
            out[image] = Perturbed.finite("infidelity", image, sum / samples, "the infidelity");
        }
        return out;
    }

    private static double[] toDoubles(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
