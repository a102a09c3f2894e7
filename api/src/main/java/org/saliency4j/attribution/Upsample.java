package org.saliency4j.attribution;

/**
 * Bilinear resizing of a (height, width) map with half-pixel centres, as TensorFlow's {@code resize} (bilinear) and
 * PyTorch's {@code interpolate(..., align_corners=False)}: output pixel {@code y} samples the input at
 * {@code (y + 0.5) * h / H - 0.5}, and positions beyond the first or last centre take the edge's value.
 */
final class Upsample {
    private Upsample() {
    }

    /**
     * @param map    the map, row-major; not modified
     * @param h      its height
     * @param w      its width
     * @param height the height wanted
     * @param width  the width wanted
     * @return the resized map, row-major
     */
    static double[] bilinear(double[] map, int h, int w, int height, int width) {
        return bilinear(map, h, w, height, width, 0, 0, height, width);
    }

    /**
     * A window of the resized map, computed alone: the same values as those pixels of {@link #bilinear(double[],
     * int, int, int, int)}, to the bit.
     *
     * @param map    the map, row-major; not modified
     * @param h      its height
     * @param w      its width
     * @param height the height of the whole resized map
     * @param width  the width of the whole resized map
     * @param top    the window's first row
     * @param left   the window's first column
     * @param rows   the window's height
     * @param cols   the window's width
     * @return the window, row-major
     */
    static double[] bilinear(double[] map, int h, int w, int height, int width, int top, int left, int rows,
                             int cols) {
        Axis ys = new Axis(h, height, top, rows);
        Axis xs = new Axis(w, width, left, cols);
        double[] out = new double[rows * cols];
        for (int y = 0; y < rows; y++) {
            int a = ys.first[y] * w;
            int b = ys.second[y] * w;
            double fy = ys.fraction[y];
            for (int x = 0; x < cols; x++) {
                int xa = xs.first[x];
                int xb = xs.second[x];
                double fx = xs.fraction[x];
                double upper = (1 - fx) * map[a + xa] + fx * map[a + xb];
                double lower = (1 - fx) * map[b + xa] + fx * map[b + xb];
                out[y * cols + x] = (1 - fy) * upper + fy * lower;
            }
        }
        return out;
    }

    /** Where each output position along one axis samples the input: its two neighbours and the second's weight. */
    private static final class Axis {
        final int[] first;
        final int[] second;
        final double[] fraction;

        /**
         * @param n     the input's length along the axis
         * @param size  the whole output's length
         * @param from  the first output position wanted
         * @param count how many
         */
        Axis(int n, int size, int from, int count) {
            first = new int[count];
            second = new int[count];
            fraction = new double[count];
            for (int i = 0; i < count; i++) {
                double source = (from + i + 0.5) * n / size - 0.5;
                int below = (int) Math.floor(source);
                fraction[i] = source - below;
                first[i] = clamp(below, n);
                second[i] = clamp(below + 1, n);
            }
        }
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }
}
