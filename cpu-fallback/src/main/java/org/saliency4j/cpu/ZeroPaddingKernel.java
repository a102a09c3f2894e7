package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/** Zero padding of height and width; the gradient is the interior of the output gradient. */
final class ZeroPaddingKernel implements Kernel {
    private final int h;
    private final int w;
    private final int c;
    private final int oh;
    private final int ow;
    private final int top;
    private final int left;

    ZeroPaddingKernel(LayerOp.ZeroPadding2D op, Shape in) {
        h = in.dim(0);
        w = in.dim(1);
        c = in.dim(2);
        oh = h + op.top() + op.bottom();
        ow = w + op.left() + op.right();
        top = op.top();
        left = op.left();
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        float[] y = scratch.floats(batch * oh * ow * c);
        for (int n = 0; n < batch; n++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(x, ((n * h + r) * w) * c, y, ((n * oh + r + top) * ow + left) * c, w * c);
            }
        }
        return Trace.of(y, g -> {
            float[] dx = scratch.floats(x.length);
            for (int n = 0; n < batch; n++) {
                for (int r = 0; r < h; r++) {
                    System.arraycopy(g, ((n * oh + r + top) * ow + left) * c, dx, ((n * h + r) * w) * c, w * c);
                }
            }
            return scratch.one(dx);
        });
    }
}
