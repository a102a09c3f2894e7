package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;

/**
 * The sizes of one 2-D convolution (NHWC input, HWIO kernel, dilation 1), per sample, and the index arithmetic
 * its kernels share: which kernel rows and columns of an output position lie inside the input, which output rows read
 * a band of input rows, and col2im's additions for one output row and kernel row.
 */
final class ConvGeometry {
    /** Input height. */
    final int h;
    /** Input width. */
    final int w;
    /** Input channels. */
    final int cin;
    /** Output height. */
    final int oh;
    /** Output width. */
    final int ow;
    /** Output channels. */
    final int cout;
    /** Kernel height. */
    final int kh;
    /** Kernel width. */
    final int kw;
    /** Vertical stride. */
    final int sh;
    /** Horizontal stride. */
    final int sw;
    /** Padded rows before the first input row. */
    final int padTop;
    /** Padded columns before the first input column. */
    final int padLeft;
    /** The first output column whose taps all lie inside the input. */
    final int firstInterior;
    /** The last output column whose taps all lie inside the input (below {@link #firstInterior} if none). */
    final int lastInterior;

    /**
     * @param op  the layer operation
     * @param in  the input shape, without batch
     * @param out the output shape, without batch
     */
    ConvGeometry(LayerOp.Conv2D op, Shape in, Shape out) {
        this(in, out, op.kernelH(), op.kernelW(), op.strideH(), op.strideW(), op.padding());
    }

    /**
     * @param in      the input shape, without batch
     * @param out     the output shape, without batch
     * @param kh      the kernel's height
     * @param kw      the kernel's width
     * @param sh      the vertical stride
     * @param sw      the horizontal stride
     * @param padding the padding mode
     */
    ConvGeometry(Shape in, Shape out, int kh, int kw, int sh, int sw, Padding padding) {
        h = in.dim(0);
        w = in.dim(1);
        cin = in.dim(2);
        oh = out.dim(0);
        ow = out.dim(1);
        cout = out.dim(2);
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        padTop = padding.padBefore(h, kh, sh);
        padLeft = padding.padBefore(w, kw, sw);
        firstInterior = Math.max(0, (padLeft + sw - 1) / sw);
        lastInterior = Math.min(ow - 1, Math.floorDiv(w - kw + padLeft, sw));
    }

    /** @return the first kernel row of output row {@code oy} that lies inside the input */
    int kyFrom(int oy) {
        return Math.max(0, padTop - oy * sh);
    }

    /** @return one past the last kernel row of output row {@code oy} that lies inside the input */
    int kyTo(int oy) {
        return Math.min(kh, h + padTop - oy * sh);
    }

    /** @return the first kernel column of output column {@code ox} that lies inside the input */
    int kxFrom(int ox) {
        return Math.max(0, padLeft - ox * sw);
    }

    /** @return one past the last kernel column of output column {@code ox} that lies inside the input */
    int kxTo(int ox) {
        return Math.min(kw, w + padLeft - ox * sw);
    }

    /** @return the first output row that reads an input row at or after {@code rowFrom} */
    int oyFrom(int rowFrom) {
        return Math.max(0, Math.floorDiv(rowFrom + padTop - kh + 1 + sh - 1, sh));
    }

    /** @return the last output row that reads an input row before {@code rowTo} */
    int oyTo(int rowTo) {
        return Math.min(oh - 1, Math.floorDiv(rowTo - 1 + padTop, sh));
    }

    /**
     * Zeroes input rows [rowFrom, rowTo) of sample {@code n} of an input-sized array, all columns and channels.
     *
     * @param dx      the array; modified
     * @param n       the sample
     * @param rowFrom the first row
     * @param rowTo   one past the last row
     */
    void zeroRows(float[] dx, int n, int rowFrom, int rowTo) {
        java.util.Arrays.fill(dx, (n * h + rowFrom) * w * cin, (n * h + rowTo) * w * cin, 0f);
    }

    /**
     * col2im for one output row and kernel row: adds each position's sums to the input gradient's row, position by
     * position (the kernel columns that land inside the input are one contiguous run in col and in dx).
     *
     * @param loops     the vector adds
     * @param col       the sums, {@code (kx, ci)} in order per position; not modified
     * @param colOff    offset of position 0's first sum of this kernel row
     * @param colStride distance between positions in {@code col}
     * @param dx        the input gradient; modified
     * @param dxRow     the input row's index, {@code n * h + iy}, times {@code w}
     */
    void addRow(FastLoops loops, float[] col, int colOff, int colStride, float[] dx, int dxRow) {
        for (int ox = 0; ox < ow; ox++) {
            int kxFrom = kxFrom(ox);
            int kxTo = kxTo(ox);
            int d = (dxRow + ox * sw + kxFrom - padLeft) * cin;
            int c = ox * colStride + colOff + kxFrom * cin;
            loops.add(col, c, dx, d, (kxTo - kxFrom) * cin);
        }
    }
}
