package org.saliency4j.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * RISE (Petsiuk et al. 2018, "RISE: Randomized Input Sampling for Explanation of Black-box Models"): N random masks,
 * each a binary grid of {@code grid x grid} cells kept with probability p, upsampled bilinearly to
 * {@code (grid + 1)} cells of {@code ceil(size / grid)} pixels and cropped to the image at a random shift of less
 * than a cell; the image (in model-input values) is multiplied by each, and the map is
 * {@code sum_i P_i(target) * mask_i / (N p)}, with P the probability of the masked image. (height, width).
 *
 * <p>Mask {@code i} comes from a generator seeded with {@code (seed, i)}, the same for every image, so a seed gives
 * the same map whatever the batch. Defaults, the paper's: 2000 masks, a 7 x 7 grid, p = 0.5; seed 0.
 */
public final class Rise implements AttributionMethod {
    private final int masks;
    private final int grid;
    private final double p;
    private final long seed;
    private final int internalBatch;

    private Rise(int masks, int grid, double p, long seed, int internalBatch) {
        if (masks < 1 || grid < 1 || !(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("RISE needs at least one mask, a grid of at least 1 and 0 < p <= 1, "
                    + "not " + masks + ", " + grid + " and " + p);
        }
        this.masks = masks;
        this.grid = grid;
        this.p = p;
        this.seed = seed;
        this.internalBatch = Maps.checkedBatch(internalBatch);
    }

    static Rise defaults() {
        return new Rise(2000, 7, 0.5, 0, 0);
    }

    /**
     * @param n the number of masks
     * @return a changed copy
     */
    public Rise withMasks(int n) {
        return new Rise(n, grid, p, seed, internalBatch);
    }

    /**
     * @param cells the cells of a mask's grid along each side
     * @return a changed copy
     */
    public Rise withGrid(int cells) {
        return new Rise(masks, cells, p, seed, internalBatch);
    }

    /**
     * @param probability the chance that a cell is kept
     * @return a changed copy
     */
    public Rise withProbability(double probability) {
        return new Rise(masks, grid, probability, seed, internalBatch);
    }

    /**
     * @param s the masks' seed
     * @return a changed copy
     */
    public Rise withSeed(long s) {
        return new Rise(masks, grid, p, s, internalBatch);
    }

    /**
     * @param n masked images per pass through the model; 0 for the model's default
     * @return a changed copy
     */
    public Rise withInternalBatch(int n) {
        return new Rise(masks, grid, p, seed, n);
    }

    @Override
    public String name() {
        return "rise";
    }

    /**
     * Mask {@code i} for an image of {@code h x w} pixels.
     *
     * @param i the mask's number
     * @param h height
     * @param w width
     * @return values in [0, 1], row-major
     */
    double[] mask(int i, int h, int w) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        double[] cells = new double[grid * grid];
        for (int c = 0; c < cells.length; c++) {
            cells[c] = random.nextDouble() < p ? 1 : 0;
        }
        int cellH = (h + grid - 1) / grid;
        int cellW = (w + grid - 1) / grid;
        int dy = random.nextInt(cellH);
        int dx = random.nextInt(cellW);
        // The h x w window at (dy, dx) of the cells upsampled to (grid + 1) cells of cellH x cellW pixels.
        return Upsample.bilinear(cells, grid, grid, (grid + 1) * cellH, (grid + 1) * cellW, dy, dx, h, w);
    }

    /** A forward pass per image for its score and one per mask. */
    @Override
    public void announce(CompiledModel model, int images) {
        model.announceForwardWork((masks + 1L) * images);
    }

    @Override
    public List<Attribution> explain(CompiledModel model, Tensor images, Target target) {
        Model m = model.model();
        Shape input = Maps.imageInput("RISE", m.inputShape());
        int h = input.dim(0);
        int w = input.dim(1);
        int channels = input.dim(2);
        Scored s = Scored.of(model, images, target, internalBatch);
        double[] x = s.values();
        int per = s.perImage();
        List<Attribution> out = new ArrayList<>();
        for (int image = 0; image < s.count(); image++) {
            int offset = s.offset(image);
            int c = s.classes()[image];
            double[] sum = new double[h * w];
            // Each mask is made once: kept from its input until its score arrives (a pass's inputs are made before
            // its scores are given; a mask not kept is made again).
            int batch = s.batch();
            double[][] kept = new double[batch][];
            int[] keptNumber = new int[batch];
            Arrays.fill(keptNumber, -1);
            Scoring.scores(model, masks, (k, into, at) -> {
                double[] mask = mask(k, h, w);
                kept[k % batch] = mask;
                keptNumber[k % batch] = k;
                for (int e = 0; e < per; e++) {
                    into[at + e] = x[offset + e] * mask[e / channels];
                }
            }, k -> c, true, batch, (k, probability) -> {
                double[] mask = keptNumber[k % batch] == k ? kept[k % batch] : mask(k, h, w);
                for (int q = 0; q < sum.length; q++) {
                    sum[q] += probability * mask[q];
                }
            });
            for (int q = 0; q < sum.length; q++) {
                sum[q] /= masks * p;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("masks", masks);
            details.put("grid", grid);
            details.put("probability", p);
            out.add(new Attribution(Tensor.ofDoubles(Maps.pixelShape(input), sum), c, s.score(image), details));
        }
        return out;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("masks", masks);
        m.put("grid", grid);
        m.put("probability", p);
        m.put("seed", seed);
        return m;
    }

    @Override
    public boolean signed() {
        return false;
    }

    @Override
    public String toString() {
        return name() + " (" + masks + " masks, grid " + grid + ", p " + p + ", seed " + seed + ")";
    }
}
