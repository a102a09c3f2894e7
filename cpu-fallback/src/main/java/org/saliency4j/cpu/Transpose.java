package org.saliency4j.cpu;

/** Matrix transposition in cache-sized blocks, for the weight copies the fast backward passes read. */
final class Transpose {
    /** Block side: two 32 x 32 float blocks fit in a first-level cache. */
    private static final int BLOCK = 32;

    private Transpose() {
    }

    /**
     * Writes the transpose of a row-major {@code rows x cols} matrix as a row-major {@code cols x rows} matrix.
     *
     * @param src    the matrix; not modified
     * @param srcOff offset of its first element
     * @param rows   its rows
     * @param cols   its columns
     * @param dst    receives the transpose; modified
     * @param dstOff offset of the transpose's first element
     */
    static void into(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        for (int r0 = 0; r0 < rows; r0 += BLOCK) {
            for (int c0 = 0; c0 < cols; c0 += BLOCK) {
                int r1 = Math.min(r0 + BLOCK, rows);
                int c1 = Math.min(c0 + BLOCK, cols);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        dst[dstOff + c * rows + r] = src[srcOff + r * cols + c];
                    }
                }
            }
        }
    }
}
