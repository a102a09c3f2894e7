package org.saliency4j.cpu;

import org.jspecify.annotations.Nullable;

/**
 * The transpose of a row-major weight matrix, made on first use (only the fast backward passes read it, and it
 * doubles the weights' memory) in cache-sized blocks. Thread-safe: two threads may both make it; either copy
 * serves.
 */
final class TransposedCopy {
    /** Block side: two 32 x 32 float blocks fit in a first-level cache. */
    private static final int BLOCK = 32;

    private final float[] matrix;
    private final int rows;
    private final int cols;
    private volatile float @Nullable [] transposed;

    /**
     * @param matrix a row-major {@code rows x cols} matrix; not modified, and not to be modified afterwards
     * @param rows   its rows
     * @param cols   its columns
     */
    TransposedCopy(float[] matrix, int rows, int cols) {
        this.matrix = matrix;
        this.rows = rows;
        this.cols = cols;
    }

    /** @return the row-major {@code cols x rows} transpose; callers must not modify it */
    float[] get() {
        float[] t = transposed;
        if (t == null) {
            t = new float[matrix.length];
            for (int r0 = 0; r0 < rows; r0 += BLOCK) {
                for (int c0 = 0; c0 < cols; c0 += BLOCK) {
                    for (int r = r0; r < Math.min(r0 + BLOCK, rows); r++) {
                        for (int c = c0; c < Math.min(c0 + BLOCK, cols); c++) {
                            t[c * rows + r] = matrix[r * cols + c];
                        }
                    }
                }
            }
            transposed = t;
        }
        return t;
    }
}
