package org.saliency4j.cpu;

import org.jspecify.annotations.Nullable;

/**
 * The transpose of a row-major weight matrix, made on first use (only the fast backward passes read it, and it
 * doubles the weights' memory) in cache-sized blocks, optionally with each transposed row padded with zeros to a
 * longer stride (so that a product over it runs on whole vectors). Thread-safe: two threads may both make it;
 * either copy serves.
 */
final class TransposedCopy {
    /** Block side: two 32 x 32 float blocks fit in a first-level cache. */
    private static final int BLOCK = 32;

    private final float[] matrix;
    private final int rows;
    private final int cols;
    private final int stride;
    private volatile float @Nullable [] transposed;

    /**
     * @param matrix a row-major {@code rows x cols} matrix; not modified, and not to be modified afterwards
     * @param rows   its rows
     * @param cols   its columns
     */
    TransposedCopy(float[] matrix, int rows, int cols) {
        this(matrix, rows, cols, rows);
    }

    /**
     * @param matrix a row-major {@code rows x cols} matrix; not modified, and not to be modified afterwards
     * @param rows   its rows
     * @param cols   its columns
     * @param stride the distance between rows of the transpose, at least {@code rows}; the gap is zeros
     */
    TransposedCopy(float[] matrix, int rows, int cols, int stride) {
        if (stride < rows) {
            throw new IllegalArgumentException("stride " + stride + " < rows " + rows);
        }
        this.matrix = matrix;
        this.rows = rows;
        this.cols = cols;
        this.stride = stride;
    }

    /**
     * @return the transpose, {@code cols} rows of {@code stride} values, of which the first {@code rows} are the
     *         matrix's column; callers must not modify it
     */
    float[] get() {
        float[] t = transposed;
        if (t == null) {
            t = new float[cols * stride];
            for (int r0 = 0; r0 < rows; r0 += BLOCK) {
                for (int c0 = 0; c0 < cols; c0 += BLOCK) {
                    for (int r = r0; r < Math.min(r0 + BLOCK, rows); r++) {
                        for (int c = c0; c < Math.min(c0 + BLOCK, cols); c++) {
                            t[c * stride + r] = matrix[r * cols + c];
                        }
                    }
                }
            }
            transposed = t;
        }
        return t;
    }
}
