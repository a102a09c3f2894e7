package org.saliency4j.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Occlusion (Zeiler and Fergus 2014, "Visualizing and Understanding Convolutional Networks"): a square window slid
 * over the image with a stride, every channel under it set to a value; each pixel gets the mean, over the windows
 * covering it, of {@code S(x) - S(occluded x)}. Windows start at 0 and every stride after, plus one flush with the
 * far edge where the stride does not reach it, so that every pixel is covered. The map is (height, width).
 *
 * <p>Defaults: a 4 x 4 window for inputs up to 64 pixels on their longer side, 16 x 16 above; a stride of half the
 * window; the value 0 (in model-input values).
 */
public final class Occlusion implements AttributionMethod {
    private final int window;
    private final int stride;
    private final double value;
    private final int internalBatch;

    private Occlusion(int window, int stride, double value, int internalBatch) {
        if (window < 0 || stride < 0) {
            throw new IllegalArgumentException("the occlusion window and stride must be positive (0: the default), "
                    + "not " + window + " and " + stride);
        }
        this.window = window;
        this.stride = stride;
        this.value = value;
        this.internalBatch = Maps.checkedBatch(internalBatch);
    }

    static Occlusion defaults() {
        return new Occlusion(0, 0, 0, 0);
    }

    /**
     * @param side the window's side in pixels; 0 for the default
     * @return a changed copy
     */
    public Occlusion withWindow(int side) {
        return new Occlusion(side, stride, value, internalBatch);
    }

    /**
     * @param pixels the step between windows; 0 for half the window
     * @return a changed copy
     */
    public Occlusion withStride(int pixels) {
        return new Occlusion(window, pixels, value, internalBatch);
    }

    /**
     * @param v what the occluded values are set to, in model-input values
     * @return a changed copy
     */
    public Occlusion withValue(double v) {
        return new Occlusion(window, stride, v, internalBatch);
    }

    /**
     * @param n occluded images per pass through the model; 0 for the model's default
     * @return a changed copy
     */
    public Occlusion withInternalBatch(int n) {
        return new Occlusion(window, stride, value, n);
    }

    @Override
    public String name() {
        return "occlusion";
    }

    /**
     * The same occlusion with its defaults made concrete for a model's input: the window's side and the stride in
     * pixels, as a record of what ran should name them.
     *
     * @param input the model's input shape, (height, width, channels)
     * @return a copy whose window and stride are set
     * @throws IllegalArgumentException when the input is not an image or the window does not fit in it
     */
    public Occlusion resolvedFor(Shape input) {
        Maps.imageInput("occlusion", input);
        int side = window > 0 ? window : Math.max(input.dim(0), input.dim(1)) <= 64 ? 4 : 16;
        if (side > Math.min(input.dim(0), input.dim(1))) {
            throw new IllegalArgumentException("the occlusion window of " + side + " pixels does not fit the model's "
                    + input.dim(0) + " x " + input.dim(1) + " input; choose a window of at most "
                    + Math.min(input.dim(0), input.dim(1)));
        }
        return new Occlusion(side, stride > 0 ? stride : Math.max(1, side / 2), value, internalBatch);
    }

    /** @return the start of every window along an axis of {@code size} */
    static int[] starts(int size, int window, int stride) {
        List<Integer> s = new ArrayList<>();
        int last = Math.max(0, size - window);
        for (int p = 0; p <= last; p += stride) {
            s.add(p);
        }
        if (s.get(s.size() - 1) != last) {
            s.add(last);
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A forward pass per image for its score and one per window. */
    @Override
    public void announce(CompiledModel model, int images) {
        Shape input = model.model().inputShape();
        Occlusion resolved;
        try {
            resolved = resolvedFor(input);
        } catch (IllegalArgumentException e) {
            return; // explain says what does not fit
        }
        long windows = (long) starts(input.dim(0), resolved.window, resolved.stride).length
                * starts(input.dim(1), resolved.window, resolved.stride).length;
        model.announceForwardWork((windows + 1) * images);
    }

    @Override
    public List<Attribution> explain(CompiledModel model, Tensor images, Target target) {
        Model m = model.model();
        Shape input = Maps.imageInput("occlusion", m.inputShape());
        Occlusion resolved = resolvedFor(input);
        int h = input.dim(0);
        int w = input.dim(1);
        int channels = input.dim(2);
        int side = resolved.window;
        int step = resolved.stride;
        int[] ys = starts(h, side, step);
        int[] xs = starts(w, side, step);
        int windows = ys.length * xs.length;
        Scored s = Scored.of(model, images, target, internalBatch);
        double[] x = s.values();
        int per = s.perImage();
        List<Attribution> out = new ArrayList<>();
        for (int image = 0; image < s.count(); image++) {
            int offset = s.offset(image);
            int c = s.classes()[image];
            double score = s.score(image);
            double[] sum = new double[h * w];
            int[] covered = new int[h * w];
            Scoring.scores(model, windows, (k, into, at) -> {
                System.arraycopy(x, offset, into, at, per);
                int y0 = ys[k / xs.length];
                int x0 = xs[k % xs.length];
                for (int y = y0; y < Math.min(h, y0 + side); y++) {
                    for (int xx = x0; xx < Math.min(w, x0 + side); xx++) {
                        java.util.Arrays.fill(into, at + (y * w + xx) * channels, at + (y * w + xx + 1) * channels,
                                value);
                    }
                }
            }, k -> c, false, s.batch(), (k, occluded) -> {
                int y0 = ys[k / xs.length];
                int x0 = xs[k % xs.length];
                for (int y = y0; y < Math.min(h, y0 + side); y++) {
                    for (int xx = x0; xx < Math.min(w, x0 + side); xx++) {
                        sum[y * w + xx] += score - occluded;
                        covered[y * w + xx]++;
                    }
                }
            });
            for (int p = 0; p < sum.length; p++) {
                sum[p] /= covered[p];
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("window", side);
            details.put("stride", step);
            details.put("windows", windows);
            out.add(new Attribution(Tensor.ofDoubles(Maps.pixelShape(input), sum), c, score, details));
        }
        return out;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window", window > 0 ? (Object) window : "4 up to 64 pixels, 16 above");
        m.put("stride", stride > 0 ? (Object) stride : "half the window");
        m.put("value", value);
        return m;
    }

    @Override
    public String toString() {
        return name() + " (window " + (window > 0 ? window : "4 or 16") + ", stride "
                + (stride > 0 ? stride : "half the window") + ", value " + value + ")";
    }
}
