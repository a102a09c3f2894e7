package org.saliency4j.cpu;

import org.jspecify.annotations.Nullable;
import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * 2-D convolution (Keras' cross-correlation), NHWC input, HWIO kernel, dilation 1.
 *
 * <p>Each output element is {@code sum over (ky, kx, ci) in that order of x * w}, accumulated in float from 0,
 * then the bias is added, as TensorFlow's Conv2D followed by BiasAdd. Padded positions are skipped, so every
 * interior output is summed in exactly the same order and a constant image gives exactly equal interior outputs.
 *
 * <p>The plain loops below are the specification. With a {@link FastLoops} the same sums, in the same order,
 * run as register-tiled matrix products: forward, one product per output row and kernel row (the kernel row's
 * {@code kw * cin} taps are contiguous in both the input and the HWIO kernel); backward, one product per
 * output row and kernel row of the output gradient with the kernel transposed to {@code [cout][kh][kw][cin]},
 * then the col2im additions in the plain loops' order. Small images with large kernels run instead as one
 * product over every position of the batch ({@link WholeLayerConv}). The sizes and their index arithmetic are
 * in {@link ConvGeometry}.
 */
final class Conv2DKernel implements Kernel {
    private final ConvGeometry g;
    private final float[] kernel;
    private final float[] bias;
    private final @Nullable FastLoops fast;
    /** Kernel rows narrower than this many taps are computed together in the fast backward pass. */
    private static final int NARROW = 16;
    /**
     * Rows of the transposed kernel of narrow kernels are padded to a multiple of this (the widest vector's lanes),
     * so that their product runs on whole vectors; the padding's columns are computed and never read.
     */
    private static final int PAD = 16;
    /** Whether the fast backward pass computes all kernel rows in one product ({@code kw * cin < NARROW}). */
    private final boolean allRows;
    /** The row length of {@link #transposed}: {@code kh * kw * cin}, padded to {@link #PAD} when all rows. */
    private final int tStride;
    /** The kernel as {@code [cout][kh][kw][cin]}, for the fast backward pass; made on its first use. */
    private final TransposedCopy transposed;
    /**
     * Whether the fast forward pass sums a narrow kernel's interior positions straight from the input
     * ({@link FastLoops#convolveRow}) instead of from copied taps.
     */
    private final boolean inPlace;
    /**
     * Each tap's offset in the input from its position's first tap, {@code (ky, kx, ci)} in order, when
     * {@link #inPlace}; else empty.
     */
    private final int[] taps;
    /** The whole-layer products, for the layers they suit. */
    private final WholeLayerConv whole;
    /** This kernel's backward pass, made once. */
    private final SavedTrace.Backward backward;

    /**
     * Compiles the convolution.
     *
     * @param op   the layer operation
     * @param in   the input shape, without batch
     * @param out  the output shape, without batch
     * @param fast the vectorised product, or null for the plain loops
     */
    Conv2DKernel(LayerOp.Conv2D op, Shape in, Shape out, @Nullable FastLoops fast) {
        this.fast = fast;
        g = new ConvGeometry(op, in, out);
        kernel = op.kernel().toArray();
        bias = op.bias() == null ? new float[g.cout] : op.bias().toArray();
        allRows = g.kw * g.cin < NARROW;
        int width = g.kh * g.kw * g.cin;
        tStride = allRows ? (width + PAD - 1) / PAD * PAD : width;
        transposed = new TransposedCopy(kernel, width, g.cout, tStride);
        inPlace = allRows && fast != null && fast.convolvesRows(g.cout);
        taps = new int[inPlace ? width : 0];
        for (int k = 0; k < taps.length; k++) {
            taps[k] = k / (g.kw * g.cin) * g.w * g.cin + k % (g.kw * g.cin);
        }
        whole = new WholeLayerConv(g, kernel, bias);
        backward = (t, gradOutput) -> t.scratch().one(backwardData(gradOutput, t.batch(), t.scratch()));
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        // Each row is zeroed or written by the item that computes it.
        float[] y = scratch.floatsToOverwrite(batch * g.oh * g.ow * g.cout);
        long work = (long) batch * g.oh * g.ow * g.cout * g.kh * g.kw * g.cin;
        // Rows of the output are independent; each is computed exactly as a sequential loop would.
        FastLoops product = fast;
        if (product == null) {
            Parallel.forEach(batch * g.oh, work, row -> forwardRow(x, y, row / g.oh, row % g.oh,
                    new float[g.cout]));
        } else if (whole.suitsForward(batch)) {
            whole.forward(product, x, y, batch, scratch);
        } else {
            int bands = Math.min(g.oh, Math.max(1, 4 * Parallel.threads()));
            Parallel.forEach(batch * bands, work, item -> {
                int n = item / bands;
                int band = item % bands;
                float @Nullable [] patches = allRows && !inPlace
                        ? scratch.floatsToOverwrite(g.ow * g.kh * g.kw * g.cin) : null;
                for (int oy = g.oh * band / bands; oy < g.oh * (band + 1) / bands; oy++) {
                    fastForwardRow(product, x, y, n, oy, patches);
                }
            });
        }
        return scratch.save(backward, y, x, null, batch);
    }

    private void forwardRow(float[] x, float[] y, int n, int oy, float[] acc) {
        for (int ox = 0; ox < g.ow; ox++) {
            java.util.Arrays.fill(acc, 0f);
            for (int ky = g.kyFrom(oy); ky < g.kyTo(oy); ky++) {
                int iy = oy * g.sh + ky - g.padTop;
                for (int kx = g.kxFrom(ox); kx < g.kxTo(ox); kx++) {
                    int ix = ox * g.sw + kx - g.padLeft;
                    int xBase = ((n * g.h + iy) * g.w + ix) * g.cin;
                    int wBase = (ky * g.kw + kx) * g.cin * g.cout;
                    for (int ci = 0; ci < g.cin; ci++) {
                        float xv = x[xBase + ci];
                        int wRow = wBase + ci * g.cout;
                        for (int co = 0; co < g.cout; co++) {
                            acc[co] += xv * kernel[wRow + co];
                        }
                    }
                }
            }
            int yBase = ((n * g.oh + oy) * g.ow + ox) * g.cout;
            for (int co = 0; co < g.cout; co++) {
                y[yBase + co] = acc[co] + bias[co];
            }
        }
    }

    /**
     * {@link #forwardRow} as block products: the output row starts at 0, each kernel row adds its taps for every
     * output position whose taps all lie inside the input in one product, and for each edge position the taps
     * that do; then the bias is added. Narrow kernels (a first layer's {@code kw * 3} taps per kernel row) copy
     * the taps of interior positions side by side, {@code (ky, kx, ci)} in order, and sum all kernel rows in one
     * product: the same sums in the same order, three times longer. Where {@link FastLoops#convolveRow} tiles the
     * columns, that product reads the taps from the input in place and adds the bias itself.
     *
     * @param patches room for {@code ow * kh * kw * cin} floats when the kernel is narrow and not {@link #inPlace},
     *                else null
     */
    private void fastForwardRow(FastLoops product, float[] x, float[] y, int n, int oy, float @Nullable [] patches) {
        int rowBase = (n * g.oh + oy) * g.ow * g.cout;
        int first = g.firstInterior;
        int last = g.lastInterior;
        int iyTop = oy * g.sh - g.padTop;
        // Whether the interior positions sum all kernel rows in one product: in place, or from the copied taps.
        boolean allAtOnce = (inPlace || patches != null) && first <= last && iyTop >= 0 && iyTop + g.kh <= g.h;
        if (!allAtOnce) {
            java.util.Arrays.fill(y, rowBase, rowBase + g.ow * g.cout, 0f);
        } else {
            // The interior positions are written by one product below; the edge positions accumulate per row.
            java.util.Arrays.fill(y, rowBase, rowBase + first * g.cout, 0f);
            java.util.Arrays.fill(y, rowBase + (last + 1) * g.cout, rowBase + g.ow * g.cout, 0f);
        }
        if (allAtOnce && inPlace) {
            product.convolveRow(x, ((n * g.h + iyTop) * g.w + first * g.sw - g.padLeft) * g.cin, g.sw * g.cin,
                    last - first + 1, taps, kernel, g.cout, bias, y, rowBase + first * g.cout);
        } else if (allAtOnce && patches != null) {
            int run = g.kw * g.cin;
            int width = g.kh * run;
            for (int ox = first; ox <= last; ox++) {
                int ix = ox * g.sw - g.padLeft;
                for (int ky = 0; ky < g.kh; ky++) {
                    System.arraycopy(x, ((n * g.h + iyTop + ky) * g.w + ix) * g.cin, patches,
                            (ox - first) * width + ky * run, run);
                }
            }
            product.multiply(patches, 0, width, last - first + 1, kernel, 0, g.cout, g.cout, width, y,
                    rowBase + first * g.cout, g.cout);
        }
        for (int ky = g.kyFrom(oy); ky < g.kyTo(oy); ky++) {
            int iy = oy * g.sh + ky - g.padTop;
            int xRow = (n * g.h + iy) * g.w;
            int wRow = ky * g.kw * g.cin * g.cout;
            if (first <= last && !allAtOnce) {
                product.accumulate(x, (xRow + first * g.sw - g.padLeft) * g.cin, g.sw * g.cin, last - first + 1,
                        kernel, wRow, g.cout, g.cout, g.kw * g.cin, y, rowBase + first * g.cout, g.cout);
            }
            for (int ox = 0; ox < g.ow; ox++) {
                if (ox >= first && ox <= last) {
                    continue;
                }
                int kxFrom = g.kxFrom(ox);
                int kxTo = g.kxTo(ox);
                if (kxFrom < kxTo) {
                    int ix = ox * g.sw + kxFrom - g.padLeft;
                    product.accumulate(x, (xRow + ix) * g.cin, 0, 1, kernel, wRow + kxFrom * g.cin * g.cout, g.cout,
                            g.cout, (kxTo - kxFrom) * g.cin, y, rowBase + ox * g.cout, g.cout);
                }
            }
        }
        for (int ox = 0; ox < g.ow; ox++) {
            // The in-place product has added the interior positions' bias.
            if (!(allAtOnce && inPlace) || ox < first || ox > last) {
                product.add(bias, 0, y, rowBase + ox * g.cout, g.cout);
            }
        }
    }

    /**
     * The input gradient in the order of TensorFlow's CPU kernel (Conv2DCustomBackpropInput: a matrix product of
     * the output gradient with the kernel, then col2im): for each output position in row-major order and each
     * (ky, kx, ci), the sum over output channels is formed from 0 and then added to the input element it belongs
     * to.
     */
    private float[] backwardData(float[] dy, int batch, Scratch scratch) {
        FastLoops product = fast;
        // The fast paths' items zero their own rows of the gradient before adding to them.
        float[] dx = product == null ? scratch.floats(batch * g.h * g.w * g.cin)
                : scratch.floatsToOverwrite(batch * g.h * g.w * g.cin);
        long work = (long) batch * g.oh * g.ow * g.cout * g.kh * g.kw * g.cin;
        if (product == null) {
            // Each (sample, input channel) owns its input-gradient elements; within it the order is sequential.
            Parallel.forEach(batch * g.cin, work, item -> backwardChannel(dy, dx, item / g.cin, item % g.cin));
        } else if (whole.suits(batch, tStride)) {
            whole.backward(product, transposed.get(), tStride, dy, dx, batch, scratch);
        } else {
            float[] kt = transposed.get();
            // Bands only split the work among threads, and a narrow kernel's bands repeat some of it (each computes
            // every kernel row of the output rows it reads; conv_0 of CNN5: 48 products for 30 rows in 8 bands):
            // one band when the loop runs on this thread alone.
            int bands = Parallel.helpersFree() ? Math.min(g.h, 4 * Parallel.threads()) : 1;
            // Each (sample, band of input rows) owns those rows' gradient; positions are visited in row-major order.
            Parallel.forEach(batch * bands, work, item -> fastBackwardBand(product, kt, dy, dx, item / bands,
                    g.h * (item % bands) / bands, g.h * (item % bands + 1) / bands, scratch));
        }
        return dx;
    }

    /**
     * {@link #backwardChannel} for input rows [rowFrom, rowTo) of one sample, all channels: for each output row in
     * order, the sums over output channels of every (position, ky, kx, ci) whose input row lies in the band, as
     * block products, then added to the input gradient position by position. A kernel row narrower than a vector
     * (a first layer's {@code kw * 3}) is computed with the other kernel rows in one product, three times wider.
     */
    private void fastBackwardBand(FastLoops product, float[] kt, float[] dy, float[] dx, int n, int rowFrom,
            int rowTo, Scratch scratch) {
        g.zeroRows(dx, n, rowFrom, rowTo);
        int taps = g.kw * g.cin;
        float[] col = scratch.floatsToOverwrite(g.ow * (allRows ? tStride : taps)); // overwritten by each product
        for (int oy = g.oyFrom(rowFrom); oy <= g.oyTo(rowTo); oy++) {
            int dyRow = (n * g.oh + oy) * g.ow * g.cout;
            if (allRows) {
                product.multiply(dy, dyRow, g.cout, g.ow, kt, 0, tStride, tStride, g.cout, col, 0, tStride);
            }
            for (int ky = 0; ky < g.kh; ky++) {
                int iy = oy * g.sh + ky - g.padTop;
                if (iy < rowFrom || iy >= rowTo) {
                    continue;
                }
                int colOff = allRows ? ky * taps : 0;
                int colStride = allRows ? tStride : taps;
                if (!allRows) {
                    product.multiply(dy, dyRow, g.cout, g.ow, kt, ky * taps, tStride, taps, g.cout, col, 0, taps);
                }
                g.addRow(product, col, colOff, colStride, dx, (n * g.h + iy) * g.w);
            }
        }
    }

    private void backwardChannel(float[] dy, float[] dx, int n, int ci) {
        for (int oy = 0; oy < g.oh; oy++) {
            for (int ox = 0; ox < g.ow; ox++) {
                int dyBase = ((n * g.oh + oy) * g.ow + ox) * g.cout;
                for (int ky = g.kyFrom(oy); ky < g.kyTo(oy); ky++) {
                    int iy = oy * g.sh + ky - g.padTop;
                    for (int kx = g.kxFrom(ox); kx < g.kxTo(ox); kx++) {
                        int ix = ox * g.sw + kx - g.padLeft;
                        int wRow = ((ky * g.kw + kx) * g.cin + ci) * g.cout;
                        float s = 0f;
                        for (int co = 0; co < g.cout; co++) {
                            s += dy[dyBase + co] * kernel[wRow + co];
                        }
                        dx[((n * g.h + iy) * g.w + ix) * g.cin + ci] += s;
                    }
                }
            }
        }
    }
}
