package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/** Geometry of a pooling window: for each output position, the input rows and columns it covers, clipped. */
final class Window {
    final int h;
    final int w;
    final int channels;
    final int oh;
    final int ow;
    private final int ph;
    private final int pw;
    private final int sh;
    private final int sw;
    private final int padTop;
    private final int padLeft;

    Window(LayerOp.Pooling2D op, Shape in, Shape out) {
        h = in.dim(0);
        w = in.dim(1);
        channels = in.dim(2);
        oh = out.dim(0);
        ow = out.dim(1);
        ph = op.poolH();
        pw = op.poolW();
        sh = op.strideH();
        sw = op.strideW();
        padTop = op.padding().padBefore(h, ph, sh);
        padLeft = op.padding().padBefore(w, pw, sw);
    }

    int top(int oy) {
        return Math.max(oy * sh - padTop, 0);
    }

    int bottom(int oy) {
        return Math.min(oy * sh - padTop + ph, h);
    }

    int left(int ox) {
        return Math.max(ox * sw - padLeft, 0);
    }

    int right(int ox) {
        return Math.min(ox * sw - padLeft + pw, w);
    }

    /** The number of input positions inside the window of output (oy, ox). */
    float count(int oy, int ox) {
        return (bottom(oy) - top(oy)) * (right(ox) - left(ox));
    }
}
