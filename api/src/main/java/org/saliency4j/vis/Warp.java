package org.saliency4j.vis;

import java.util.ArrayList;
import java.util.List;

/**
 * A chain of resamplings of an image, each a sparse linear map plus a constant (out = A in + b, the same spatial
 * weights on every channel): applied forward to the image and, transposed and in reverse, to the gradient. Each
 * output pixel reads up to four input pixels (bilinear), or none and a constant (padding).
 */
final class Warp {
    /** One resampling from h x w to outH x outW. */
    record Step(int h, int w, int outH, int outW, int[] source, double[] weight, double[] constant) {
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
        int oh = h + 2 * n;
        int ow = w + 2 * n;
        Step s = empty(oh, ow);
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int q = y * ow + x;
                int sy = y - n;
                int sx = x - n;
                if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
                    s.source()[4 * q] = sy * w + sx;
                    s.weight()[4 * q] = 1;
                } else {
                    s.constant()[q] = value;
                }
            }
        }
        return add(s);
    }

    /** Keeps the (h - d) x (w - d) window whose top left corner is (dy, dx), both in 0..d. */
    Warp crop(int d, int dy, int dx) {
        int oh = h - d;
        int ow = w - d;
        Step s = empty(oh, ow);
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int q = y * ow + x;
                s.source()[4 * q] = (y + dy) * w + x + dx;
                s.weight()[4 * q] = 1;
            }
        }
        return add(s);
    }

    /** Bilinear resampling to oh x ow, pixel centres aligned (half-pixel), edges replicated. */
    Warp resize(int oh, int ow) {
        Step s = empty(oh, ow);
        double ry = (double) h / oh;
        double rx = (double) w / ow;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                bilinear(s, y * ow + x, (y + 0.5) * ry - 0.5, (x + 0.5) * rx - 0.5);
            }
        }
        return add(s);
    }

    /** Rotation by {@code degrees} about the centre, same size, bilinear, edges replicated. */
    Warp rotate(double degrees) {
        Step s = empty(h, w);
        double a = Math.toRadians(degrees);
        double cos = Math.cos(a);
        double sin = Math.sin(a);
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // The source of output pixel (y, x): the inverse rotation of its offset from the centre.
                double sy = cy + cos * (y - cy) - sin * (x - cx);
                double sx = cx + sin * (y - cy) + cos * (x - cx);
                bilinear(s, y * w + x, sy, sx);
            }
        }
        return add(s);
    }

    private void bilinear(Step s, int q, double sy, double sx) {
        double fy = Math.floor(sy);
        double fx = Math.floor(sx);
        double ty = sy - fy;
        double tx = sx - fx;
        int y0 = (int) fy;
        int x0 = (int) fx;
        int[] ys = {clamp(y0, h), clamp(y0 + 1, h)};
        int[] xs = {clamp(x0, w), clamp(x0 + 1, w)};
        double[] wy = {1 - ty, ty};
        double[] wx = {1 - tx, tx};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                s.source()[4 * q + 2 * i + j] = ys[i] * w + xs[j];
                s.weight()[4 * q + 2 * i + j] = wy[i] * wx[j];
            }
        }
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }

    private Step empty(int oh, int ow) {
        int[] source = new int[4 * oh * ow];
        java.util.Arrays.fill(source, -1);
        return new Step(h, w, oh, ow, source, new double[4 * oh * ow], new double[oh * ow]);
    }

    private Warp add(Step s) {
        steps.add(s);
        h = s.outH();
        w = s.outW();
        return this;
    }

    /**
     * @param image    (h, w, channels) of the warp's input; not modified
     * @param channels the channel count
     * @return the warped image, (height(), width(), channels)
     */
    double[] apply(double[] image, int channels) {
        double[] x = image;
        for (Step s : steps) {
            double[] out = new double[s.outH() * s.outW() * channels];
            for (int q = 0; q < s.outH() * s.outW(); q++) {
                for (int c = 0; c < channels; c++) {
                    double v = s.constant()[q];
                    for (int k = 0; k < 4; k++) {
                        int src = s.source()[4 * q + k];
                        if (src >= 0) {
                            v += s.weight()[4 * q + k] * x[src * channels + c];
                        }
                    }
                    out[q * channels + c] = v;
                }
            }
            x = out;
        }
        return x;
    }

    /**
     * @param gradient the gradient of the warped image; not modified
     * @param channels the channel count
     * @return the gradient of the warp's input
     */
    double[] adjoint(double[] gradient, int channels) {
        double[] g = gradient;
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step s = steps.get(i);
            double[] in = new double[s.h() * s.w() * channels];
            for (int q = 0; q < s.outH() * s.outW(); q++) {
                for (int k = 0; k < 4; k++) {
                    int src = s.source()[4 * q + k];
                    if (src >= 0) {
                        double wgt = s.weight()[4 * q + k];
                        for (int c = 0; c < channels; c++) {
                            in[src * channels + c] += wgt * g[q * channels + c];
                        }
                    }
                }
            }
            g = in;
        }
        return g;
    }
}
