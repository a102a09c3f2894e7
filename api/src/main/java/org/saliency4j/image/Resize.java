package org.saliency4j.image;

/**
 * Resampling of one axis of an image in double precision: bilinear with half-pixel centres when enlarging (edges
 * clamped, as TensorFlow's {@code resize}), and an area filter when shrinking (each output pixel the mean of the
 * input it covers, in proportion to the overlap, as TensorFlow's {@code area} method), so that shrinking does not
 * alias.
 */
final class Resize {
    private Resize() {
    }

    /**
     * The weights that make each output position from the input positions along one axis.
     *
     * @param in  the input's length
     * @param out the output's length
     * @return for each output position, {index, weight} pairs flattened: {@code [i0, w0, i1, w1, ...]}
     */
    static double[][] weights(int in, int out) {
        double[][] w = new double[out][];
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            if (out >= in) {
                double s = (o + 0.5) * scale - 0.5;
                int lo = (int) Math.floor(s);
                double f = s - lo;
                w[o] = new double[] {clamp(lo, in), 1 - f, clamp(lo + 1, in), f};
            } else {
                double start = o * scale;
                double end = start + scale;
                int first = (int) Math.floor(start);
                int last = Math.min(in - 1, (int) Math.ceil(end) - 1);
                double[] pairs = new double[2 * (last - first + 1)];
                for (int i = first; i <= last; i++) {
                    double overlap = Math.min(end, i + 1) - Math.max(start, i);
                    pairs[2 * (i - first)] = i;
                    pairs[2 * (i - first) + 1] = overlap / scale;
                }
                w[o] = pairs;
            }
        }
        return w;
    }

    /**
     * Resizes a (height, width, channels) image.
     *
     * @param image    row-major, channels last; not modified
     * @param h        height
     * @param w        width
     * @param channels channels
     * @param height   the height wanted
     * @param width    the width wanted
     * @return the resized image
     */
    static double[] image(double[] image, int h, int w, int channels, int height, int width) {
        double[][] across = weights(w, width);
        double[] rows = new double[h * width * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    double s = 0;
                    for (int k = 0; k < across[x].length; k += 2) {
                        s += across[x][k + 1] * image[(y * w + (int) across[x][k]) * channels + c];
                    }
                    rows[(y * width + x) * channels + c] = s;
                }
            }
        }
        double[][] down = weights(h, height);
        double[] out = new double[height * width * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    double s = 0;
                    for (int k = 0; k < down[y].length; k += 2) {
                        s += down[y][k + 1] * rows[(((int) down[y][k]) * width + x) * channels + c];
                    }
                    out[(y * width + x) * channels + c] = s;
                }
            }
        }
        return out;
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }
}
