package org.saliency4j.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.saliency4j.SaliencyException;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.Baseline;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * MuFidelity (Bhatt et al., "Evaluating and Aggregating Feature-based Model Explanations", IJCAI 2020): does removing
 * what a map values lower the score by as much? The image is cut into a grid of cells (default 9 x 9; pixel p of an
 * axis of n pixels lies in cell floor((p + 0.5) g / n), nearest-neighbour with half-pixel centres); each of the
 * subsets (default 200) removes each cell with probability 0.2 (the draw for subset k seeded with (seed, k)), setting
 * its pixels on all channels to the baseline (default 0). The metric is Spearman's correlation, over the subsets,
 * between the map's sum over the removed pixels (summed over channels where it has them) and the drop of the score,
 * the target's logit (the score the maps explain): S(x) - S(x with the subset removed). 1 is perfectly faithful.
 */
public final class MuFidelity {
    private final int grid;
    private final double fraction;
    private final int subsets;
    private final long seed;
    private final Baseline baseline;

    private MuFidelity(int grid, double fraction, int subsets, long seed, Baseline baseline) {
        if (grid < 1 || subsets < 3 || !(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("MuFidelity needs a grid of at least 1, at least 3 subsets and a "
                    + "fraction in (0, 1), not " + grid + ", " + subsets + ", " + fraction);
        }
        this.grid = grid;
        this.fraction = fraction;
        this.subsets = subsets;
        this.seed = seed;
        this.baseline = baseline;
    }

    /** @return the defaults: a 9 x 9 grid, 20 % of the cells, 200 subsets, seed 0, baseline 0 */
    public static MuFidelity defaults() {
        return new MuFidelity(9, 0.2, 200, 0, Baseline.zero());
    }

    /**
     * @param cells the cells along each side
     * @param share the probability a cell is removed
     * @return a changed copy
     */
    public MuFidelity withGrid(int cells, double share) {
        return new MuFidelity(cells, share, subsets, seed, baseline);
    }

    /**
     * @param n the number of subsets
     * @param s their seed
     * @return a changed copy
     */
    public MuFidelity withSubsets(int n, long s) {
        return new MuFidelity(grid, fraction, n, s, baseline);
    }

    /**
     * @param s the subsets' seed
     * @return a changed copy, its number of subsets kept
     */
    public MuFidelity withSeed(long s) {
        return new MuFidelity(grid, fraction, subsets, s, baseline);
    }

    /**
     * @param b what removed pixels become
     * @return a changed copy
     */
    public MuFidelity withBaseline(Baseline b) {
        return new MuFidelity(grid, fraction, subsets, seed, b);
    }

    /**
     * @param model  the compiled model
     * @param images a batch in model-input form; not modified
     * @param maps   one map per image, with its target
     * @return one correlation per image
     * @throws SaliencyException naming the first image whose correlation is not defined (see
     *                           {@link #evaluateWhereDefined})
     */
    public double[] evaluate(CompiledModel model, Tensor images, List<Attribution> maps) {
        List<@Nullable Double> values = evaluateWhereDefined(model, images, maps);
        double[] out = new double[values.size()];
        for (int image = 0; image < out.length; image++) {
            Double v = values.get(image);
            if (v == null) {
                throw new SaliencyException("MuFidelity of image " + image + ": the map's sums or the score's drops "
                        + "are the same for every subset, so their correlation is not defined");
            }
            out[image] = v;
        }
        return out;
    }

    /**
     * As {@link #evaluate}, but an image whose correlation is not defined gets null instead of failing the batch:
     * one whose map gives every subset the same sum (a map of zeros, which Grad-CAM gives where its ReLU zeroes
     * everything) or whose score drops by the same for every subset.
     *
     * @param model  the compiled model
     * @param images a batch in model-input form; not modified
     * @param maps   one map per image, with its target
     * @return one correlation per image, null where it is not defined
     */
    public List<@Nullable Double> evaluateWhereDefined(CompiledModel model, Tensor images, List<Attribution> maps) {
        double[] x = Perturbed.values(model, images, maps);
        Shape input = Perturbed.imageInput("MuFidelity", model.model());
        int h = input.dim(0);
        int w = input.dim(1);
        int channels = input.dim(2);
        int per = input.size();
        int[] cell = new int[h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                cell[r * w + c] = ((int) ((r + 0.5) * grid / h)) * grid + (int) ((c + 0.5) * grid / w);
            }
        }
        List<boolean[]> removed = new ArrayList<>();
        for (int k = 0; k < subsets; k++) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k);
            boolean[] cut = new boolean[grid * grid];
            for (int i = 0; i < cut.length; i++) {
                cut[i] = r.nextDouble() < fraction;
            }
            removed.add(cut);
        }
        List<@Nullable Double> out = new ArrayList<>();
        for (int image = 0; image < maps.size(); image++) {
            double[] map = Perturbed.pixels("MuFidelity", image, maps.get(image).map(), input);
            int offset = image * per;
            double[] base = new double[per];
            baseline.fill(x, offset, input, base);
            // Input 0 is the image itself; input k + 1 has subset k removed.
            double[] s = Perturbed.scores("MuFidelity", image, model, subsets + 1, (k, into, at) -> {
                System.arraycopy(x, offset, into, at, per);
                if (k > 0) {
                    boolean[] cut = removed.get(k - 1);
                    for (int p = 0; p < h * w; p++) {
                        if (cut[cell[p]]) {
                            System.arraycopy(base, p * channels, into, at + p * channels, channels);
                        }
                    }
                }
            }, maps.get(image).target(), false);
            double[] sums = new double[subsets];
            double[] drops = new double[subsets];
            for (int k = 0; k < subsets; k++) {
                boolean[] cut = removed.get(k);
                for (int p = 0; p < h * w; p++) {
                    if (cut[cell[p]]) {
                        sums[k] += map[p];
                    }
                }
                drops[k] = s[0] - s[k + 1];
            }
            double[] sumRanks = Similarity.ranks(sums);
            double[] dropRanks = Similarity.ranks(drops);
            out.add(constant(sumRanks) || constant(dropRanks) ? null : Perturbed.finite("MuFidelity", image,
                    Similarity.pearson(sumRanks, dropRanks, "the correlation"), "the correlation"));
        }
        return out;
    }

    private static boolean constant(double[] v) {
        for (double x : v) {
            if (x != v[0]) {
                return false;
            }
        }
        return true;
    }
}
