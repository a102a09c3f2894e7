package org.saliency4j.image;

/**
 * Scaling an attribution map for display, as Captum's visualisation does by default: a signed map is divided by
 * the value at the 98th percentile of |a| and clipped to [-1, 1]; an unsigned one likewise on a, clipped to [0, 1].
 * The percentile is the nearest-rank value: the {@code ceil(0.98 n)}-th smallest. (Captum finds its threshold from
 * the cumulative sum of the sorted values instead; on maps whose mass is spread out the two are close.)
 */
public final class Display {
    /** The percentile of the values that maps to full colour. */
    public static final double PERCENTILE = 98;

    private Display() {
    }

    /**
     * The result of scaling a map.
     *
     * @param values the scaled values, in [-1, 1] (signed) or [0, 1]
     * @param scale  what the map was divided by; 0 for a map of zeros, which is shown as zeros
     */
    public record Scaled(double[] values, double scale) {
        /** @return whether the map was all zeros (nothing to show; say so rather than divide by zero) */
        public boolean empty() {
            return scale == 0;
        }
    }

    /**
     * @param map    the values; not modified
     * @param signed whether negative values mean something (gradients) or the map is unsigned (Grad-CAM)
     * @return the values scaled for display
     */
    public static Scaled scale(float[] map, boolean signed) {
        double[] magnitude = new double[map.length];
        double largest = 0;
        for (int i = 0; i < map.length; i++) {
            magnitude[i] = signed ? Math.abs(map[i]) : Math.max(map[i], 0);
            largest = Math.max(largest, magnitude[i]);
        }
        double scale = magnitude.length == 0 ? 0
                : smallest(magnitude, Math.max(1, (int) Math.ceil(PERCENTILE / 100 * magnitude.length)));
        if (scale == 0) {
            scale = largest;
        }
        double[] v = new double[map.length];
        if (scale > 0) {
            for (int i = 0; i < map.length; i++) {
                v[i] = Math.max(signed ? -1 : 0, Math.min(1, map[i] / scale));
            }
        }
        return new Scaled(v, scale);
    }

    /**
     * The k-th smallest value, found without sorting (a map's display would otherwise sort every map): a min-heap
     * keeps the {@code n - k + 1} largest values seen, whose least is the answer.
     *
     * @param values the values, none NaN; not modified
     * @param k      the rank, from 1 to {@code values.length}
     * @return the value that a sorted copy holds at index {@code k - 1}
     */
    static double smallest(double[] values, int k) {
        int m = values.length - k + 1;
        double[] heap = new double[m];
        int size = 0;
        for (double x : values) {
            if (size < m) {
                int i = size++;
                while (i > 0 && heap[(i - 1) / 2] > x) {
                    heap[i] = heap[(i - 1) / 2];
                    i = (i - 1) / 2;
                }
                heap[i] = x;
            } else if (x > heap[0]) {
                int i = 0;
                while (2 * i + 1 < m) {
                    int child = 2 * i + 2 < m && heap[2 * i + 2] < heap[2 * i + 1] ? 2 * i + 2 : 2 * i + 1;
                    if (heap[child] >= x) {
                        break;
                    }
                    heap[i] = heap[child];
                    i = child;
                }
                heap[i] = x;
            }
        }
        return heap[0];
    }
}
