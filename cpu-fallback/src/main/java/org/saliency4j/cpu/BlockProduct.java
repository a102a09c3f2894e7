package org.saliency4j.cpu;

/**
 * The inner product of the fast convolution and dense kernels: for rows {@code r < rows} and columns
 * {@code j < cols},
 * <pre>
 *   acc[accOff + r*accStride + j] += a[aOff + r*aStride + k] * b[bOff + k*bStride + j]   for k = 0, 1, ..., depth-1
 * </pre>
 * each term as one float multiply rounded, then one float add rounded (no fused multiply-add), in the order of
 * {@code k}. That is exactly the arithmetic of the plain loops, so an implementation that keeps it gives the
 * plain loops' results bit for bit, however it tiles rows and columns.
 */
interface BlockProduct {
    /**
     * Accumulates the product as specified above.
     *
     * @param a         the left operand, read as rows of {@code depth} values; not modified
     * @param aOff      offset of row 0
     * @param aStride   distance between rows of {@code a}
     * @param rows      the number of rows
     * @param b         the right operand, read as {@code depth} rows of {@code cols} values; not modified
     * @param bOff      offset of row 0
     * @param bStride   distance between rows of {@code b}
     * @param cols      the number of columns
     * @param depth     the length of each sum
     * @param acc       the accumulator; modified
     * @param accOff    offset of row 0
     * @param accStride distance between rows of {@code acc}
     */
    void accumulate(float[] a, int aOff, int aStride, int rows, float[] b, int bOff, int bStride, int cols, int depth,
            float[] acc, int accOff, int accStride);
}
