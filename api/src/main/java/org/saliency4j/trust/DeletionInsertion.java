package org.saliency4j.trust;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.Baseline;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Deletion and insertion (Petsiuk et al., "RISE", BMVC 2018): how fast the target's probability falls as the pixels a
 * map ranks highest are removed, or rises as they are put back.
 *
 * <p>Pixels are ranked by the map (summed over channels where it has them), highest first, ties by row-major
 * index. Each step changes the next {@code pixelsPerStep} pixels (default 1/32 of the image's pixels), all channels
 * at once. Deletion starts from the image and sets pixels to the baseline (default 0 in model-input values);
 * insertion starts from the baseline image (or {@link #withInsertionStart another}, such as a blurred copy) and puts
 * the image's pixels back. The score is the probability of the map's target class (softmax, or a sigmoid
 * output's). With n images along the way, the first and the last included, the area under the curve is the
 * trapezoid rule on [0, 1]: (sum s - s_0 / 2 - s_last / 2) / (n - 1). Low deletion and high insertion areas are
 * faithful.
 */
public final class DeletionInsertion {
    private final int pixelsPerStep;
    private final Baseline deleted;
    private final Baseline insertionStart;

    private DeletionInsertion(int pixelsPerStep, Baseline deleted, Baseline insertionStart) {
        if (pixelsPerStep < 0) {
            throw new IllegalArgumentException("pixels per step must be positive (0: 1/32 of the image), not "
                    + pixelsPerStep);
        }
        this.pixelsPerStep = pixelsPerStep;
        this.deleted = deleted;
        this.insertionStart = insertionStart;
    }

    /** @return the defaults: 1/32 of the pixels per step, baseline 0 for both */
    public static DeletionInsertion defaults() {
        return new DeletionInsertion(0, Baseline.zero(), Baseline.zero());
    }

    /**
     * @param n pixels changed per step; 0 for 1/32 of the image's pixels
     * @return a changed copy
     */
    public DeletionInsertion withPixelsPerStep(int n) {
        return new DeletionInsertion(n, deleted, insertionStart);
    }

    /**
     * @param b what deleted pixels become
     * @return a changed copy
     */
    public DeletionInsertion withBaseline(Baseline b) {
        return new DeletionInsertion(pixelsPerStep, b, insertionStart);
    }

    /**
     * @param b the image insertion starts from, such as {@code Baseline.blurred(5)}
     * @return a changed copy
     */
    public DeletionInsertion withInsertionStart(Baseline b) {
        return new DeletionInsertion(pixelsPerStep, deleted, b);
    }

    /**
     * One curve.
     *
     * @param scores the target's probability at each step, the unchanged start first
     * @param auc    the area under it
     */
    public record Curve(double[] scores, double auc) {
    }

    /**
     * @param model  the compiled model
     * @param images a batch in model-input form; not modified
     * @param maps   one map per image, with its target
     * @return one deletion curve per image
     */
    public List<Curve> deletion(CompiledModel model, Tensor images, List<Attribution> maps) {
        return curves("deletion", model, images, maps, true);
    }

    /**
     * @param model  the compiled model
     * @param images a batch in model-input form; not modified
     * @param maps   one map per image, with its target
     * @return one insertion curve per image
     */
    public List<Curve> insertion(CompiledModel model, Tensor images, List<Attribution> maps) {
        return curves("insertion", model, images, maps, false);
    }

    private List<Curve> curves(String metric, CompiledModel model, Tensor images, List<Attribution> maps,
                               boolean deleting) {
        double[] x = Perturbed.values(model, images, maps);
        Shape input = Perturbed.imageInput(metric, model.model());
        int per = input.size();
        int pixels = input.dim(0) * input.dim(1);
        int channels = input.dim(2);
        int step = pixelsPerStep > 0 ? pixelsPerStep : Math.max(1, pixels / 32);
        int n = (pixels + step - 1) / step + 1;
        List<Curve> out = new ArrayList<>();
        for (int image = 0; image < maps.size(); image++) {
            int[] order = ranking(Perturbed.pixels(metric, image, maps.get(image).map(), input));
            double[] original = Arrays.copyOfRange(x, image * per, (image + 1) * per);
            double[] other = new double[per];
            (deleting ? deleted : insertionStart).fill(x, image * per, input, other);
            double[] from = deleting ? original : other;
            double[] to = deleting ? other : original;
            double[] s = Perturbed.scores(metric, image, model, n, (k, into, at) -> {
                System.arraycopy(from, 0, into, at, per);
                int changed = Math.min(pixels, k * step);
                for (int r = 0; r < changed; r++) {
                    int p = order[r];
                    System.arraycopy(to, p * channels, into, at + p * channels, channels);
                }
            }, maps.get(image).target(), true);
            out.add(new Curve(s, auc(s)));
        }
        return out;
    }

    /** The trapezoid rule on [0, 1] over equally spaced scores, the first and the last included. */
    static double auc(double[] s) {
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return (sum - s[0] / 2 - s[s.length - 1] / 2) / (s.length - 1);
    }

    /** Pixel indices by value, highest first, ties by index. */
    static int[] ranking(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(values[b], values[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
