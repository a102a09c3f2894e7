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
        double[] out = new double[height * width];
        for (int y = 0; y < height; y++) {
            double sy = (y + 0.5) * h / height - 0.5;
            int y0 = (int) Math.floor(sy);
            double fy = sy - y0;
            int ya = clamp(y0, h);
            int yb = clamp(y0 + 1, h);
            for (int x = 0; x < width; x++) {
                double sx = (x + 0.5) * w / width - 0.5;
                int x0 = (int) Math.floor(sx);
                double fx = sx - x0;
                int xa = clamp(x0, w);
                int xb = clamp(x0 + 1, w);
                double top = (1 - fx) * map[ya * w + xa] + fx * map[ya * w + xb];
                double bottom = (1 - fx) * map[yb * w + xa] + fx * map[yb * w + xb];
                out[y * width + x] = (1 - fy) * top + fy * bottom;
            }
        }
        return out;
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }
}
