package org.saliency4j.cpu;

import java.util.Arrays;

/**
 * A convolution's fast forward pass and input gradient as one block product over every output position of the
 * batch, for small images with large kernels (VGG16's 28x28 and 14x14 layers): there, one product per output
 * row is too short to pay for streaming the kernel through the cache once per row. Measured (JMH): 14x14x512
 * forward and input gradient about twice as fast; CNN5's small kernels are faster per row. The sums are those of
 * {@link Conv2DKernel}'s plain loops, in the same order.
 */
final class WholeLayerConv {
    /** Layers with fewer output columns than this may run as one product over all positions. */
    private static final int WIDTH = 64;
    /** ... if their kernel has at least this many weights (256 KB: more than a core's cache keeps per row). */
    private static final int WEIGHTS = 1 << 16;
    /** The largest patch or col buffer, in floats (16 MB). */
    private static final long LIMIT = 1L << 22;

    private final ConvGeometry g;
    private final float[] kernel;
    private final float[] bias;
    /** Whether every weight is finite, so that padded taps may be multiplied as zeros without changing a sum. */
    private final boolean finite;

    /**
     * @param g      the convolution's sizes
     * @param kernel the HWIO kernel; not modified
     * @param bias   the bias; not modified
     */
    WholeLayerConv(ConvGeometry g, float[] kernel, float[] bias) {
        this.g = g;
        this.kernel = kernel;
        this.bias = bias;
        boolean allFinite = true;
        for (float v : kernel) {
            allFinite &= Float.isFinite(v);
        }
        finite = allFinite;
    }

    /**
     * @param batch   the batch size
     * @param columns the row length of the buffer the pass needs (patches or col)
     * @return whether a batch of this layer runs as one product
     */
    boolean suits(int batch, int columns) {
        return g.ow < WIDTH && kernel.length >= WEIGHTS && (long) batch * g.oh * g.ow * columns <= LIMIT;
    }

    /**
     * @param batch the batch size
     * @return whether the forward pass of a batch runs as one product: it multiplies padded taps as zeros, so
     *         only with finite weights
     */
    boolean suitsForward(int batch) {
        return finite && suits(batch, g.kh * g.kw * g.cin);
    }

    /**
     * The forward pass: every position's taps side by side in {@code (ky, kx, ci)} order, padded taps as zeros,
     * times the HWIO kernel, then the bias. With finite weights a zero tap adds {@code +0} or {@code -0} to a sum
     * that started at {@code +0} and so can never be {@code -0}, which leaves it unchanged: the sums are the plain
     * loops' to the bit.
     *
     * @param product the vector loops
     * @param x       the input batch; not modified
     * @param y       the output batch; overwritten
     * @param batch   the batch size
     * @param scratch the pass's arrays
     */
    void forward(FastLoops product, float[] x, float[] y, int batch, Scratch scratch) {
        int width = g.kh * g.kw * g.cin;
        int positions = batch * g.oh * g.ow;
        float[] patches = scratch.floatsToOverwrite(positions * width); // each row zeroed by copyPatches
        Parallel.forEach(batch * g.oh, (long) positions * width, row -> copyPatches(x, patches, row / g.oh,
                row % g.oh));
        BlockProduct.multiply(product, patches, positions, width, kernel, g.cout, g.cout, y, g.cout);
        for (int i = 0; i < positions * g.cout; i += g.cout) {
            product.add(bias, 0, y, i, g.cout);
        }
    }

    /**
     * The input gradient: every sum over output channels at once into a full col buffer, then col2im by bands of
     * input rows, each visiting the positions in row-major order as the plain loops do.
     *
     * @param product the vector loops
     * @param kt      the kernel transposed to {@code [cout][kh][kw][cin]}, rows {@code tStride} apart
     * @param tStride the row length of {@code kt}
     * @param dy      the output gradient; not modified
     * @param dx      the input gradient; overwritten
     * @param batch   the batch size
     * @param scratch the pass's arrays
     */
    void backward(FastLoops product, float[] kt, int tStride, float[] dy, float[] dx, int batch, Scratch scratch) {
        float[] col = scratch.floatsToOverwrite(batch * g.oh * g.ow * tStride);
        BlockProduct.multiply(product, dy, batch * g.oh * g.ow, g.cout, kt, tStride, tStride, col, tStride);
        int bands = Math.min(g.h, Math.max(1, 4 * Parallel.threads()));
        long work = (long) batch * g.h * g.w * g.cin * g.kh * g.kw;
        Parallel.forEach(batch * bands, work, item -> col2imBand(product, col, tStride, dx, item / bands,
                g.h * (item % bands) / bands, g.h * (item % bands + 1) / bands));
    }

    /** Copies the taps of output row {@code oy} of sample {@code n} into its patches' rows, zeros where padded. */
    private void copyPatches(float[] x, float[] patches, int n, int oy) {
        int width = g.kh * g.kw * g.cin;
        Arrays.fill(patches, (n * g.oh + oy) * g.ow * width, (n * g.oh + oy + 1) * g.ow * width, 0f);
        for (int ox = 0; ox < g.ow; ox++) {
            int kxFrom = g.kxFrom(ox);
            int kxTo = g.kxTo(ox);
            int base = ((n * g.oh + oy) * g.ow + ox) * width;
            for (int ky = g.kyFrom(oy); ky < g.kyTo(oy) && kxFrom < kxTo; ky++) {
                int iy = oy * g.sh + ky - g.padTop;
                System.arraycopy(x, ((n * g.h + iy) * g.w + ox * g.sw + kxFrom - g.padLeft) * g.cin, patches,
                        base + (ky * g.kw + kxFrom) * g.cin, (kxTo - kxFrom) * g.cin);
            }
        }
    }

    /** col2im for input rows [rowFrom, rowTo) of sample {@code n}, from every position's sums. */
    private void col2imBand(FastLoops loops, float[] col, int tStride, float[] dx, int n, int rowFrom, int rowTo) {
        g.zeroRows(dx, n, rowFrom, rowTo);
        for (int oy = g.oyFrom(rowFrom); oy <= g.oyTo(rowTo); oy++) {
            for (int ky = 0; ky < g.kh; ky++) {
                int iy = oy * g.sh + ky - g.padTop;
                if (iy >= rowFrom && iy < rowTo) {
                    g.addRow(loops, col, (n * g.oh + oy) * g.ow * tStride + ky * g.kw * g.cin, tStride, dx,
                            (n * g.h + iy) * g.w);
                }
            }
        }
    }
}
