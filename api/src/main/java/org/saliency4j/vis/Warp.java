package org.saliency4j.vis;

import java.util.ArrayList;
import java.util.List;

/**
 * A chain of resamplings of an image, each a sparse linear map plus a constant (out = A in + b, the same spatial
 * weights on every channel): applied forward to the image and, transposed and in reverse, to the gradient.
 *
 * <p>Padding, cropping and resizing are separable: an output pixel (y, x) is {@code sum_i sum_j wr_i wc_j v(r_i, c_j)}
 * over a few source rows r_i of y and source columns c_j of x, where v is the input pixel, or the padding constant
 * when the row or the column falls outside the input. Consecutive separable steps are composed into one, row map
 * with row map and column map with column map (a pad, a jitter and a scaling become one pass; a jitter and a resize
 * another), which is an exact rewrite of the same linear map. A rotation reads four bilinear taps per pixel,
 * computed where they are used. The intermediate images live in per-thread arrays reused from call to call.
 * Steps that change nothing (a resize to the same size, a rotation by 0 degrees) are not added.
 */
final class Warp {
    /** Where a tap reads the padding constant instead of a pixel. */
    private static final int OUTSIDE = -1;

    /** One axis of a separable step: for each output index, {@code taps} source indices (or OUTSIDE) and weights. */
    private record Axis(int out, int taps, int[] source, double[] weight) {
        /** @return this axis read through {@code first}, an axis of the step before: one axis from first's input */
        Axis through(Axis first) {
            int n = taps * first.taps();
            int[] s = new int[out * n];
            double[] w = new double[out * n];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < taps; i++) {
                    int via = source[o * taps + i];
                    for (int j = 0; j < first.taps(); j++) {
                        int at = o * n + i * first.taps() + j;
                        if (via == OUTSIDE) {
                            // Only the first sub-tap carries the weight; the others stay weight 0 on pixel 0.
                            s[at] = j == 0 ? OUTSIDE : 0;
                            w[at] = j == 0 ? weight[o * taps + i] : 0;
                        } else {
                            s[at] = first.source()[via * first.taps() + j];
                            w[at] = weight[o * taps + i] * first.weight()[via * first.taps() + j];
                        }
                    }
                }
            }
            return new Axis(out, n, s, w);
        }

        boolean reachesOutside() {
            for (int v : source) {
                if (v == OUTSIDE) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One resampling from h x w to its output size. */
    private sealed interface Step permits Separable, Rotation {
        int h();

        int w();
    }

    /** A separable resampling; taps outside the input read {@code constant}. */
    private record Separable(int h, int w, Axis rows, Axis cols, double constant) implements Step {
    }

    /**
     * A rotation about the centre, same size: output pixel (y, x) reads its source, the inverse rotation of its offset
     * from the centre, bilinearly with edges replicated. Its four taps are computed where they are used.
     */
    private record Rotation(int h, int w, double cos, double sin) implements Step {
        /** Fills the four taps of output pixel (y, x): source pixels and weights. */
        void taps(int y, int x, int[] source, double[] weight) {
            double cy = (h - 1) / 2.0;
            double cx = (w - 1) / 2.0;
            double sy = cy + cos * (y - cy) - sin * (x - cx);
            double sx = cx + sin * (y - cy) + cos * (x - cx);
            double fy = Math.floor(sy);
            double fx = Math.floor(sx);
            double ty = sy - fy;
            double tx = sx - fx;
            int y0 = clamp((int) fy, h) * w;
            int y1 = clamp((int) fy + 1, h) * w;
            int x0 = clamp((int) fx, w);
            int x1 = clamp((int) fx + 1, w);
            source[0] = y0 + x0;
            source[1] = y0 + x1;
            source[2] = y1 + x0;
            source[3] = y1 + x1;
            weight[0] = (1 - ty) * (1 - tx);
            weight[1] = (1 - ty) * tx;
            weight[2] = ty * (1 - tx);
            weight[3] = ty * tx;
        }
    }

    /** Per thread: the intermediate images of {@link #apply} and {@link #adjoint}, grown as needed and reused. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][0]);

    /** @return per-thread scratch array k with at least n values, zero in its first n */
    private static double[] scratch(int k, int n) {
        double[][] all = SCRATCH.get();
        if (all[k].length < n) {
            all[k] = new double[n];
        } else {
            java.util.Arrays.fill(all[k], 0, n, 0);
        }
        return all[k];
    }

    private final List<Step> steps = new ArrayList<>();
    private int h;
    private int w;

    /**
     * @param h the input's height
     * @param w its width
     */
    Warp(int h, int w) {
        this.h = h;
        this.w = w;
    }

    /** @return the current output's height */
    int height() {
        return h;
    }

    /** @return the current output's width */
    int width() {
        return w;
    }

    /** Adds a border of {@code n} pixels of the value {@code value} on every side. */
    Warp pad(int n, double value) {
        return add(new Separable(h, w, shifted(h + 2 * n, h, -n), shifted(w + 2 * n, w, -n), value), h + 2 * n,
                w + 2 * n);
    }

    /** Keeps the (h - d) x (w - d) window whose top left corner is (dy, dx), both in 0..d. */
    Warp crop(int d, int dy, int dx) {
        return add(new Separable(h, w, shifted(h - d, h, dy), shifted(w - d, w, dx), 0), h - d, w - d);
    }

    /** Output index o reads input index o + shift, or the constant outside 0..in - 1. */
    private static Axis shifted(int out, int in, int shift) {
        int[] s = new int[out];
        double[] wt = new double[out];
        for (int o = 0; o < out; o++) {
            int i = o + shift;
            s[o] = i >= 0 && i < in ? i : OUTSIDE;
            wt[o] = 1;
        }
        return new Axis(out, 1, s, wt);
    }

    /** Bilinear resampling to oh x ow, pixel centres aligned (half-pixel), edges replicated. */
    Warp resize(int oh, int ow) {
        if (oh == h && ow == w) {
            return this;
        }
        return add(new Separable(h, w, linear(oh, h), linear(ow, w), 0), oh, ow);
    }

    /** Two taps per output index: the neighbours of its half-pixel-aligned source, clamped to the input. */
    private static Axis linear(int out, int in) {
        int[] s = new int[2 * out];
        double[] wt = new double[2 * out];
        double ratio = (double) in / out;
        for (int o = 0; o < out; o++) {
            double at = (o + 0.5) * ratio - 0.5;
            double floor = Math.floor(at);
            double t = at - floor;
            s[2 * o] = clamp((int) floor, in);
            s[2 * o + 1] = clamp((int) floor + 1, in);
            wt[2 * o] = 1 - t;
            wt[2 * o + 1] = t;
        }
        return new Axis(out, 2, s, wt);
    }

    /** Rotation by {@code degrees} about the centre, same size, bilinear, edges replicated. */
    Warp rotate(double degrees) {
        if (degrees == 0) {
            return this;
        }
        double a = Math.toRadians(degrees);
        return add(new Rotation(h, w, Math.cos(a), Math.sin(a)), h, w);
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }

    private Warp add(Step s, int outH, int outW) {
        h = outH;
        w = outW;
        int last = steps.size() - 1;
        if (s instanceof Separable next && last >= 0 && steps.get(last) instanceof Separable first
                && !next.rows().reachesOutside() && !next.cols().reachesOutside()) {
            steps.set(last, new Separable(first.h(), first.w(), next.rows().through(first.rows()),
                    next.cols().through(first.cols()), first.constant()));
        } else {
            steps.add(s);
        }
        return this;
    }

    /**
     * @param image    (h, w, channels) of the warp's input; not modified
     * @param channels the channel count
     * @return the warped image, (height(), width(), channels)
     */
    double[] apply(double[] image, int channels) {
        return apply(image, channels, new double[h * w * channels]);
    }

    /**
     * @param image    (h, w, channels) of the warp's input; not modified
     * @param channels the channel count
     * @param out      receives the warped image, (height(), width(), channels); overwritten
     * @return {@code out}
     */
    double[] apply(double[] image, int channels, double[] out) {
        double[] x = image;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            int size = outputs(s) * channels;
            double[] y = i == steps.size() - 1 ? out : scratch(i % 2, size);
            if (y == out) {
                java.util.Arrays.fill(out, 0, size, 0);
            }
            if (s instanceof Separable p) {
                apply(p, x, channels, y);
            } else {
                apply((Rotation) s, x, channels, y);
            }
            x = y;
        }
        if (steps.isEmpty()) {
            System.arraycopy(image, 0, out, 0, h * w * channels);
        }
        return out;
    }

    private static int outputs(Step s) {
        return s instanceof Separable p ? p.rows().out() * p.cols().out() : s.h() * s.w();
    }

    /**
     * Along the height, then along the width: {@code t(y, c) = sum_i wr_i v(r_i, c)} over whole input rows, then
     * {@code out(y, x) = sum_j wc_j t(y, c_j)}, where a column outside the input reads the constant times the row's
     * weights' sum.
     */
    private static void apply(Separable s, double[] in, int channels, double[] out) {
        Axis rows = s.rows();
        Axis cols = s.cols();
        int oh = rows.out();
        int ow = cols.out();
        int line = s.w() * channels;
        double[] t = scratch(2, oh * line);
        double[] rowSum = new double[oh];
        for (int y = 0; y < oh; y++) {
            int to = y * line;
            for (int i = y * rows.taps(); i < (y + 1) * rows.taps(); i++) {
                int r = rows.source()[i];
                double wr = rows.weight()[i];
                rowSum[y] += wr;
                if (r == OUTSIDE) {
                    for (int k = 0; k < line; k++) {
                        t[to + k] += wr * s.constant();
                    }
                } else {
                    int from = r * line;
                    for (int k = 0; k < line; k++) {
                        t[to + k] += wr * in[from + k];
                    }
                }
            }
        }
        for (int y = 0; y < oh; y++) {
            int row = y * line;
            for (int x = 0; x < ow; x++) {
                int o = (y * ow + x) * channels;
                for (int j = x * cols.taps(); j < (x + 1) * cols.taps(); j++) {
                    int c = cols.source()[j];
                    double wc = cols.weight()[j];
                    if (c == OUTSIDE) {
                        for (int ch = 0; ch < channels; ch++) {
                            out[o + ch] += wc * rowSum[y] * s.constant();
                        }
                    } else {
                        int from = row + c * channels;
                        for (int ch = 0; ch < channels; ch++) {
                            out[o + ch] += wc * t[from + ch];
                        }
                    }
                }
            }
        }
    }

    private static void apply(Rotation s, double[] in, int channels, double[] out) {
        int[] source = new int[4];
        double[] weight = new double[4];
        for (int y = 0; y < s.h(); y++) {
            for (int x = 0; x < s.w(); x++) {
                s.taps(y, x, source, weight);
                int o = (y * s.w() + x) * channels;
                for (int c = 0; c < channels; c++) {
                    out[o + c] = weight[0] * in[source[0] * channels + c] + weight[1] * in[source[1] * channels + c]
                            + weight[2] * in[source[2] * channels + c] + weight[3] * in[source[3] * channels + c];
                }
            }
        }
    }

    /**
     * @param gradient the gradient of the warped image; not modified
     * @param channels the channel count
     * @return the gradient of the warp's input
     */
    double[] adjoint(double[] gradient, int channels) {
        int size = steps.isEmpty() ? gradient.length : steps.get(0).h() * steps.get(0).w() * channels;
        return adjoint(gradient, channels, new double[size]);
    }

    /**
     * @param gradient the gradient of the warped image; not modified
     * @param channels the channel count
     * @param into     receives the gradient of the warp's input; overwritten
     * @return {@code into}
     */
    double[] adjoint(double[] gradient, int channels, double[] into) {
        double[] g = gradient;
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step s = steps.get(i);
            int size = s.h() * s.w() * channels;
            double[] in = i == 0 ? into : scratch(i % 2, size);
            if (in == into) {
                java.util.Arrays.fill(into, 0, size, 0);
            }
            if (s instanceof Separable p) {
                adjoint(p, g, in, channels);
            } else {
                adjoint((Rotation) s, g, in, channels);
            }
            g = in;
        }
        if (steps.isEmpty()) {
            System.arraycopy(gradient, 0, into, 0, gradient.length);
        }
        return into;
    }

    /** The transpose of {@link #apply(Separable, double[], int, double[])}: along the width, then along the height. */
    private static void adjoint(Separable s, double[] g, double[] in, int channels) {
        Axis rows = s.rows();
        Axis cols = s.cols();
        int oh = rows.out();
        int ow = cols.out();
        int line = s.w() * channels;
        double[] t = scratch(2, oh * line);
        for (int y = 0; y < oh; y++) {
            int row = y * line;
            for (int x = 0; x < ow; x++) {
                int o = (y * ow + x) * channels;
                for (int j = x * cols.taps(); j < (x + 1) * cols.taps(); j++) {
                    int c = cols.source()[j];
                    if (c != OUTSIDE) {
                        double wc = cols.weight()[j];
                        int to = row + c * channels;
                        for (int ch = 0; ch < channels; ch++) {
                            t[to + ch] += wc * g[o + ch];
                        }
                    }
                }
            }
        }
        for (int y = 0; y < oh; y++) {
            int from = y * line;
            for (int i = y * rows.taps(); i < (y + 1) * rows.taps(); i++) {
                int r = rows.source()[i];
                if (r != OUTSIDE) {
                    double wr = rows.weight()[i];
                    int to = r * line;
                    for (int k = 0; k < line; k++) {
                        in[to + k] += wr * t[from + k];
                    }
                }
            }
        }
    }

    private static void adjoint(Rotation s, double[] g, double[] in, int channels) {
        int[] source = new int[4];
        double[] weight = new double[4];
        for (int y = 0; y < s.h(); y++) {
            for (int x = 0; x < s.w(); x++) {
                s.taps(y, x, source, weight);
                int o = (y * s.w() + x) * channels;
                for (int k = 0; k < 4; k++) {
                    int src = source[k] * channels;
                    for (int c = 0; c < channels; c++) {
                        in[src + c] += weight[k] * g[o + c];
                    }
                }
            }
        }
    }
}
