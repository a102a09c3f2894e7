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
 * product over every position of the batch ({@link #whole}): forward from patches, backward into a full col
 * buffer.
 */
final class Conv2DKernel implements Kernel {
    private final int h;
    private final int w;
    private final int cin;
    private final int oh;
    private final int ow;
    private final int cout;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int padTop;
    private final int padLeft;
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
    /** Layers with fewer output columns than this may run as one product over all positions ({@link #whole}). */
    private static final int WHOLE_WIDTH = 64;
    /** ... if their kernel has at least this many weights (256 KB: more than a core's cache keeps per row). */
    private static final int WHOLE_WEIGHTS = 1 << 16;
    /** The largest patch or col buffer, in floats (16 MB), of a layer run as one product. */
    private static final long WHOLE_LIMIT = 1L << 22;
    /** Whether every weight is finite, so that padded taps may be multiplied as zeros without changing a sum. */
    private final boolean finite;
    /** Whether the fast backward pass computes all kernel rows in one product ({@code kw * cin < NARROW}). */
    private final boolean allRows;
    /** The row length of {@link #transposed}: {@code kh * kw * cin}, padded to {@link #PAD} when all rows. */
    private final int tStride;
    /** The kernel as {@code [cout][kh][kw][cin]}, for the fast backward pass; made on its first use. */
    private final TransposedCopy transposed;

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
        h = in.dim(0);
        w = in.dim(1);
        cin = in.dim(2);
        oh = out.dim(0);
        ow = out.dim(1);
        cout = out.dim(2);
        kh = op.kernelH();
        kw = op.kernelW();
        sh = op.strideH();
        sw = op.strideW();
        padTop = op.padding().padBefore(h, kh, sh);
        padLeft = op.padding().padBefore(w, kw, sw);
        kernel = op.kernel().toArray();
        bias = op.bias() == null ? new float[cout] : op.bias().toArray();
        allRows = kw * cin < NARROW;
        int width = kh * kw * cin;
        tStride = allRows ? (width + PAD - 1) / PAD * PAD : width;
        transposed = new TransposedCopy(kernel, width, cout, tStride);
        boolean allFinite = true;
        for (float v : kernel) {
            allFinite &= Float.isFinite(v);
        }
        finite = allFinite;
    }

    /**
     * Whether a batch of this layer runs as one block product over all its output positions: small images with a
     * large kernel (VGG16's 28x28 and 14x14 layers), whose per-row products are too short to pay for streaming the
     * kernel through the cache once per output row. Measured (JMH): 14x14x512 forward and input gradient about
     * twice as fast; CNN5's small kernels are faster per row.
     */
    private boolean whole(int batch, int columns) {
        return ow < WHOLE_WIDTH && kernel.length >= WHOLE_WEIGHTS && (long) batch * oh * ow * columns <= WHOLE_LIMIT;
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        float[] y = scratch.floatsToOverwrite(batch * oh * ow * cout); // rows zeroed (or written) by their item
        long work = (long) batch * oh * ow * cout * kh * kw * cin;
        // Rows of the output are independent; each is computed exactly as a sequential loop would.
        FastLoops product = fast;
        if (product == null) {
            Parallel.forEach(batch * oh, work, row -> forwardRow(x, y, row / oh, row % oh, new float[cout]));
        } else if (finite && whole(batch, kh * kw * cin)) {
            forwardWhole(product, x, y, batch, scratch);
        } else {
            int bands = Math.min(oh, Math.max(1, 4 * Parallel.threads()));
            Parallel.forEach(batch * bands, work, item -> {
                int n = item / bands;
                int band = item % bands;
                float @Nullable [] patches = allRows ? scratch.floatsToOverwrite(ow * kh * kw * cin) : null;
                for (int oy = oh * band / bands; oy < oh * (band + 1) / bands; oy++) {
                    fastForwardRow(product, x, y, n, oy, patches);
                }
            });
        }
        return Trace.of(y, gradOutput -> scratch.one(backwardData(gradOutput, batch, scratch)));
    }

    private void forwardRow(float[] x, float[] y, int n, int oy, float[] acc) {
        for (int ox = 0; ox < ow; ox++) {
            java.util.Arrays.fill(acc, 0f);
            for (int ky = 0; ky < kh; ky++) {
                int iy = oy * sh + ky - padTop;
                if (iy < 0 || iy >= h) {
                    continue;
                }
                for (int kx = 0; kx < kw; kx++) {
                    int ix = ox * sw + kx - padLeft;
                    if (ix < 0 || ix >= w) {
                        continue;
                    }
                    int xBase = ((n * h + iy) * w + ix) * cin;
                    int wBase = (ky * kw + kx) * cin * cout;
                    for (int ci = 0; ci < cin; ci++) {
                        float xv = x[xBase + ci];
                        int wRow = wBase + ci * cout;
                        for (int co = 0; co < cout; co++) {
                            acc[co] += xv * kernel[wRow + co];
                        }
                    }
                }
            }
            int yBase = ((n * oh + oy) * ow + ox) * cout;
            for (int co = 0; co < cout; co++) {
                y[yBase + co] = acc[co] + bias[co];
            }
        }
    }

    /**
     * {@link #forwardRow} as block products: the output row starts at 0, each kernel row adds its taps for every
     * output position whose taps all lie inside the input in one product, and for each edge position the taps
     * that do; then the bias is added. Narrow kernels (a first layer's {@code kw * 3} taps per kernel row) copy
     * the taps of interior positions side by side, {@code (ky, kx, ci)} in order, and sum all kernel rows in one
     * product: the same sums in the same order, three times longer.
     *
     * @param patches room for {@code ow * kh * kw * cin} floats when the kernel is narrow, else null
     */
    private void fastForwardRow(FastLoops product, float[] x, float[] y, int n, int oy, float @Nullable [] patches) {
        int rowBase = (n * oh + oy) * ow * cout;
        int first = Math.max(0, (padLeft + sw - 1) / sw);
        int last = Math.min(ow - 1, Math.floorDiv(w - kw + padLeft, sw));
        int iyTop = oy * sh - padTop;
        boolean patched = patches != null && first <= last && iyTop >= 0 && iyTop + kh <= h;
        if (!patched) {
            java.util.Arrays.fill(y, rowBase, rowBase + ow * cout, 0f);
        } else {
            // The interior positions are written by one product below; the edge positions accumulate per row.
            java.util.Arrays.fill(y, rowBase, rowBase + first * cout, 0f);
            java.util.Arrays.fill(y, rowBase + (last + 1) * cout, rowBase + ow * cout, 0f);
            int taps = kw * cin;
            int width = kh * taps;
            for (int ox = first; ox <= last; ox++) {
                int ix = ox * sw - padLeft;
                for (int ky = 0; ky < kh; ky++) {
                    System.arraycopy(x, ((n * h + iyTop + ky) * w + ix) * cin, patches, (ox - first) * width + ky * taps,
                            taps);
                }
            }
            product.multiply(patches, 0, width, last - first + 1, kernel, 0, cout, cout, width, y,
                    rowBase + first * cout, cout);
        }
        for (int ky = 0; ky < kh; ky++) {
            int iy = oy * sh + ky - padTop;
            if (iy < 0 || iy >= h) {
                continue;
            }
            int xRow = (n * h + iy) * w;
            int wRow = ky * kw * cin * cout;
            if (first <= last && !patched) {
                product.accumulate(x, (xRow + first * sw - padLeft) * cin, sw * cin, last - first + 1, kernel, wRow,
                        cout, cout, kw * cin, y, rowBase + first * cout, cout);
            }
            for (int ox = 0; ox < ow; ox++) {
                if (ox >= first && ox <= last) {
                    continue;
                }
                int kxFrom = Math.max(0, padLeft - ox * sw);
                int kxTo = Math.min(kw, w + padLeft - ox * sw);
                if (kxFrom < kxTo) {
                    int ix = ox * sw + kxFrom - padLeft;
                    product.accumulate(x, (xRow + ix) * cin, 0, 1, kernel, wRow + kxFrom * cin * cout, cout, cout,
                            (kxTo - kxFrom) * cin, y, rowBase + ox * cout, cout);
                }
            }
        }
        for (int i = rowBase; i < rowBase + ow * cout; i += cout) {
            for (int co = 0; co < cout; co++) {
                y[i + co] += bias[co];
            }
        }
    }

    /**
     * {@link #forwardRow} for the whole batch as one block product: every position's taps side by side in
     * {@code (ky, kx, ci)} order, padded taps as zeros, times the HWIO kernel. With finite weights a zero tap adds
     * {@code +0} or {@code -0} to a sum that started at {@code +0} and so can never be {@code -0}, which leaves it
     * unchanged: the sums are the plain loops' to the bit.
     */
    private void forwardWhole(FastLoops product, float[] x, float[] y, int batch, Scratch scratch) {
        int width = kh * kw * cin;
        int positions = batch * oh * ow;
        float[] patches = scratch.floatsToOverwrite(positions * width); // each row zeroed by copyPatches
        Parallel.forEach(batch * oh, (long) positions * width, row -> copyPatches(x, patches, row / oh, row % oh));
        BlockProduct.multiply(product, patches, positions, width, kernel, cout, cout, y, cout);
        for (int i = 0; i < positions * cout; i += cout) {
            for (int co = 0; co < cout; co++) {
                y[i + co] += bias[co];
            }
        }
    }

    /**
     * Copies the taps inside the input of output row {@code oy} of sample {@code n} into its patches' rows, zeros
     * for the padded ones.
     */
    private void copyPatches(float[] x, float[] patches, int n, int oy) {
        int width = kh * kw * cin;
        java.util.Arrays.fill(patches, (n * oh + oy) * ow * width, (n * oh + oy + 1) * ow * width, 0f);
        for (int ox = 0; ox < ow; ox++) {
            int kxFrom = Math.max(0, padLeft - ox * sw);
            int kxTo = Math.min(kw, w + padLeft - ox * sw);
            int base = ((n * oh + oy) * ow + ox) * width;
            for (int ky = 0; ky < kh && kxFrom < kxTo; ky++) {
                int iy = oy * sh + ky - padTop;
                if (iy >= 0 && iy < h) {
                    System.arraycopy(x, ((n * h + iy) * w + ox * sw + kxFrom - padLeft) * cin, patches,
                            base + (ky * kw + kxFrom) * cin, (kxTo - kxFrom) * cin);
                }
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
        float[] dx = product == null ? scratch.floats(batch * h * w * cin)
                : scratch.floatsToOverwrite(batch * h * w * cin);
        long work = (long) batch * oh * ow * cout * kh * kw * cin;
        if (product == null) {
            // Each (sample, input channel) owns its input-gradient elements; within it the order is sequential.
            Parallel.forEach(batch * cin, work, item -> backwardChannel(dy, dx, item / cin, item % cin));
        } else if (whole(batch, tStride)) {
            // Every sum over output channels at once, then col2im by bands of input rows in the same order.
            float[] kt = transposed.get();
            float[] col = scratch.floatsToOverwrite(batch * oh * ow * tStride);
            BlockProduct.multiply(product, dy, batch * oh * ow, cout, kt, tStride, tStride, col, tStride);
            int bands = Math.min(h, Math.max(1, 4 * Parallel.threads()));
            Parallel.forEach(batch * bands, work, item -> col2imBand(product, col, dx, item / bands,
                    h * (item % bands) / bands, h * (item % bands + 1) / bands));
        } else {
            float[] kt = transposed.get();
            int bands = Math.min(h, Math.max(1, 4 * Parallel.threads()));
            // Each (sample, band of input rows) owns those rows' gradient; positions are visited in row-major order.
            Parallel.forEach(batch * bands, work, item -> fastBackwardBand(product, kt, dy, dx, item / bands,
                    h * (item % bands) / bands, h * (item % bands + 1) / bands, scratch));
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
        java.util.Arrays.fill(dx, (n * h + rowFrom) * w * cin, (n * h + rowTo) * w * cin, 0f);
        int taps = kw * cin;
        float[] col = scratch.floatsToOverwrite(ow * (allRows ? tStride : taps)); // overwritten by each product
        int oyFrom = Math.max(0, Math.floorDiv(rowFrom + padTop - kh + 1 + sh - 1, sh));
        int oyTo = Math.min(oh - 1, Math.floorDiv(rowTo - 1 + padTop, sh));
        for (int oy = oyFrom; oy <= oyTo; oy++) {
            int dyRow = (n * oh + oy) * ow * cout;
            if (allRows) {
                product.multiply(dy, dyRow, cout, ow, kt, 0, tStride, tStride, cout, col, 0, tStride);
            }
            for (int ky = 0; ky < kh; ky++) {
                int iy = oy * sh + ky - padTop;
                if (iy < rowFrom || iy >= rowTo) {
                    continue;
                }
                int colOff = allRows ? ky * taps : 0;
                int colStride = allRows ? tStride : taps;
                if (!allRows) {
                    product.multiply(dy, dyRow, cout, ow, kt, ky * taps, tStride, taps, cout, col, 0, taps);
                }
                addRow(product, col, colOff, colStride, dx, (n * h + iy) * w);
            }
        }
    }

    /**
     * The col2im of {@link #backwardData} for input rows [rowFrom, rowTo) of sample {@code n}, from the sums of
     * every position ({@code tStride} apart, {@code (ky, kx, ci)} in order).
     */
    private void col2imBand(FastLoops loops, float[] col, float[] dx, int n, int rowFrom, int rowTo) {
        java.util.Arrays.fill(dx, (n * h + rowFrom) * w * cin, (n * h + rowTo) * w * cin, 0f);
        int oyFrom = Math.max(0, Math.floorDiv(rowFrom + padTop - kh + 1 + sh - 1, sh));
        int oyTo = Math.min(oh - 1, Math.floorDiv(rowTo - 1 + padTop, sh));
        for (int oy = oyFrom; oy <= oyTo; oy++) {
            for (int ky = 0; ky < kh; ky++) {
                int iy = oy * sh + ky - padTop;
                if (iy >= rowFrom && iy < rowTo) {
                    addRow(loops, col, (n * oh + oy) * ow * tStride + ky * kw * cin, tStride, dx, (n * h + iy) * w);
                }
            }
        }
    }

    /**
     * Adds one kernel row's sums of each position of an output row to the input gradient's row, position by
     * position; the kernel columns that land inside the input are one contiguous run in col and in dx.
     */
    private void addRow(FastLoops loops, float[] col, int colOff, int colStride, float[] dx, int dxRow) {
        for (int ox = 0; ox < ow; ox++) {
            int kxFrom = Math.max(0, padLeft - ox * sw);
            int kxTo = Math.min(kw, w + padLeft - ox * sw);
            int d = (dxRow + ox * sw + kxFrom - padLeft) * cin;
            int c = ox * colStride + colOff + kxFrom * cin;
            loops.add(col, c, dx, d, (kxTo - kxFrom) * cin);
        }
    }

    private void backwardChannel(float[] dy, float[] dx, int n, int ci) {
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int dyBase = ((n * oh + oy) * ow + ox) * cout;
                for (int ky = 0; ky < kh; ky++) {
                    int iy = oy * sh + ky - padTop;
                    if (iy < 0 || iy >= h) {
                        continue;
                    }
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = ox * sw + kx - padLeft;
                        if (ix < 0 || ix >= w) {
                            continue;
                        }
                        int wRow = ((ky * kw + kx) * cin + ci) * cout;
                        float s = 0f;
                        for (int co = 0; co < cout; co++) {
                            s += dy[dyBase + co] * kernel[wRow + co];
                        }
                        dx[((n * h + iy) * w + ix) * cin + ci] += s;
                    }
                }
            }
        }
    }
}
