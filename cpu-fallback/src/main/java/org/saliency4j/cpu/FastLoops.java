package org.saliency4j.cpu;

/**
 * The inner loops that the vector kernels replace. Each method states the plain loop it stands for; an
 * implementation must give that loop's results bit for bit (SimdEquivalenceTest), so that switching the vector
 * kernels on or off never changes a result.
 */
interface FastLoops {
    /**
     * The product of the fast convolution and dense kernels: for rows {@code r < rows} and columns
     * {@code j < cols},
     * <pre>
     *   acc[accOff + r*accStride + j] += a[aOff + r*aStride + k] * b[bOff + k*bStride + j]   for k = 0 .. depth-1
     * </pre>
     * each term one float multiply rounded, then one float add rounded (no fused multiply-add), in the order of
     * {@code k}: exactly the arithmetic of the plain loops, however rows and columns are tiled.
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

    /**
     * {@link #accumulate} into an accumulator that starts at zero: the same results as zeroing the {@code rows}
     * by {@code cols} block of {@code c} and then accumulating, without reading it.
     *
     * @param a       the left operand; not modified
     * @param aOff    offset of row 0
     * @param aStride distance between rows of {@code a}
     * @param rows    the number of rows
     * @param b       the right operand; not modified
     * @param bOff    offset of row 0
     * @param bStride distance between rows of {@code b}
     * @param cols    the number of columns
     * @param depth   the length of each sum
     * @param c       the product; its block is overwritten
     * @param cOff    offset of row 0
     * @param cStride distance between rows of {@code c}
     */
    void multiply(float[] a, int aOff, int aStride, int rows, float[] b, int bOff, int bStride, int cols, int depth,
            float[] c, int cOff, int cStride);

    /**
     * Output positions of a narrow convolution (a first layer's few taps per kernel row) read from the input in
     * place, with the bias: for rows {@code r < rows} and columns {@code j < cols},
     * <pre>
     *   c[cOff + r*cols + j] = (sum of a[aOff + r*aStride + taps[k]] * b[k*cols + j] for k = 0 .. taps.length-1)
     *                          + bias[j]
     * </pre>
     * the sum from zero, each term's multiply and add rounded, then the bias added: the arithmetic of copying the
     * taps side by side, {@link #multiply multiplying} and adding the bias, without the copies.
     *
     * @param a       the input; not modified
     * @param aOff    offset of row 0's first tap
     * @param aStride distance between the rows' (output positions') first taps
     * @param rows    the number of rows
     * @param taps    each tap's offset from its row's first tap, in the order of the kernel's rows; not modified
     * @param b       the kernel, {@code taps.length} rows of {@code cols}; not modified
     * @param cols    the number of columns (output channels)
     * @param bias    one value per column; not modified
     * @param c       the output; its {@code rows} rows of {@code cols} are overwritten
     * @param cOff    offset of row 0
     * @throws IllegalArgumentException when not {@link #convolvesRows convolvesRows(cols)}
     */
    void convolveRow(float[] a, int aOff, int aStride, int rows, int[] taps, float[] b, int cols, float[] bias,
            float[] c, int cOff);

    /**
     * @param cols a narrow convolution's number of output channels
     * @return whether {@link #convolveRow} tiles that many columns; a caller that gets false copies the taps
     */
    boolean convolvesRows(int cols);

    /**
     * Element-wise sum: {@code dst[dstOff + i] += src[srcOff + i]} for {@code i < length} (col2im's additions).
     *
     * @param src    the values added; not modified
     * @param srcOff offset of the first
     * @param dst    the values added to; modified
     * @param dstOff offset of the first
     * @param length the number of elements
     */
    void add(float[] src, int srcOff, float[] dst, int dstOff, int length);

    /**
     * ReLU: {@code y[i] = x[i] > 0 ? x[i] : 0} for {@code from <= i < to}.
     *
     * @param x    the input; not modified
     * @param y    the output, as long as {@code x}; modified in [from, to)
     * @param from the first element
     * @param to   one past the last element
     */
    void relu(float[] x, float[] y, int from, int to);

    /**
     * ReLU's input gradient: {@code dx[i] = g[i] * (x[i] > 0 ? 1 : 0)} for {@code from <= i < to} (so a negative
     * gradient at a dead input gives -0, and an infinite one NaN, as the plain loop).
     *
     * @param x    the forward input; not modified
     * @param g    the output gradient; not modified
     * @param dx   the input gradient, as long as {@code x}; modified in [from, to)
     * @param from the first element
     * @param to   one past the last element
     */
    void reluBackward(float[] x, float[] g, float[] dx, int from, int to);

    /**
     * Max pooling of one window: for {@code ch < channels}, the largest of {@code x[p + ch]} over the window's
     * positions {@code p = first + py * rowStride + px * colStride} ({@code py < rows}, {@code px < cols}) visited
     * in row-major order, into {@code y[yi + ch]}, and its index into {@code argmax[yi + ch]}. The first position
     * is taken as it is and only a strictly larger value replaces it, so ties and NaN keep the earlier position.
     *
     * @param x         the pooling input; not modified
     * @param first     offset of the window's first position's channel 0
     * @param rows      the window's rows inside the input, at least 1
     * @param cols      the window's columns inside the input, at least 1
     * @param rowStride distance between window rows in {@code x}
     * @param colStride distance between window columns in {@code x}
     * @param y         the maxima; modified
     * @param argmax    the arg-maxima, indices into {@code x}; modified
     * @param yi        offset of the output position's channel 0
     * @param channels  the number of channels
     */
    void maxWindow(float[] x, int first, int rows, int cols, int rowStride, int colStride, float[] y, int[] argmax,
            int yi, int channels);

    /**
     * From now on, run the fastest loops for large work even where the JIT takes longer to compile them; the
     * results do not change. Loops without such a choice ignore it.
     */
    default void widen() {
    }
}
