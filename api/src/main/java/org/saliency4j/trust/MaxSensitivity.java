package org.saliency4j.trust;

import java.util.List;
import java.util.SplittableRandom;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Max-sensitivity (Yeh et al. 2019), as Captum's {@code sensitivity_max}: the largest Euclidean norm of the change of
 * a method's map, max_k ||phi(x + d_k) - phi(x)||, over perturbations d_k with entries uniform in [-r, r] (default
 * radius 0.02 in model-input values, 10 samples; sample k is drawn from a generator seeded with (seed, k)). The map
 * of each perturbed image is computed for the original map's target class, all of an image's perturbed copies in
 * one batch. Lower is more robust.
 */
public final class MaxSensitivity {
    private final int samples;
    private final double radius;
    private final long seed;

    private MaxSensitivity(int samples, double radius, long seed) {
        if (samples < 1 || !(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("max-sensitivity needs at least 1 sample and a positive finite radius, "
                    + "not " + samples + " and " + radius);
        }
        this.samples = samples;
        this.radius = radius;
        this.seed = seed;
    }

    /** @return the defaults: 10 samples, radius 0.02, seed 0 */
    public static MaxSensitivity defaults() {
        return new MaxSensitivity(10, 0.02, 0);
    }

    /**
     * @param n the number of perturbations
     * @param r their radius
     * @param s their seed
     * @return a changed copy
     */
    public MaxSensitivity with(int n, double r, long s) {
        return new MaxSensitivity(n, r, s);
    }

    /**
     * @param s the perturbations' seed
     * @return a changed copy, its samples and radius kept
     */
    public MaxSensitivity withSeed(long s) {
        return new MaxSensitivity(samples, radius, s);
    }

    /**
     * @param model  the compiled model
     * @param method the method whose maps are compared
     * @param images a batch in model-input form; not modified
     * @param maps   the method's maps of the images, with their targets
     * @return one sensitivity per image
     */
    public double[] evaluate(CompiledModel model, AttributionMethod method, Tensor images, List<Attribution> maps) {
        double[] x = Perturbed.values(model, images, maps);
        Shape input = model.model().inputShape();
        int per = input.size();
        double[] out = new double[maps.size()];
        for (int image = 0; image < maps.size(); image++) {
            double[] copies = new double[samples * per];
            for (int k = 0; k < samples; k++) {
                SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k);
                for (int e = 0; e < per; e++) {
                    copies[k * per + e] = x[image * per + e] + radius * (2 * r.nextDouble() - 1);
                }
            }
            List<Attribution> perturbed = method.explain(model, Tensor.ofDoubles(input.withBatch(samples), copies),
                    Target.classIndex(maps.get(image).target()));
            float[] original = maps.get(image).map().toArray();
            double worst = 0;
            for (Attribution a : perturbed) {
                float[] v = a.map().toArray();
                double sum = 0;
                for (int e = 0; e < v.length; e++) {
                    double d = (double) v[e] - original[e];
                    sum += d * d;
                }
                worst = Math.max(worst, Perturbed.finite("max-sensitivity", image, Math.sqrt(sum), "a map's change"));
            }
            out[image] = worst;
        }
        return out;
    }
}
