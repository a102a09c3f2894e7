package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/** Parametric ReLU with slopes broadcast over the shared axes; the gradient at 0 is the slope's side, as relu's. */
final class PReluKernel implements Kernel {
    private final float[] slope;

    PReluKernel(LayerOp.PRelu op, Shape in) {
        slope = new float[in.size()];
        float[] alpha = op.alpha().toArray();
        Shape a = op.alpha().shape();
        int[] index = new int[in.rank()];
        for (int i = 0; i < slope.length; i++) {
            int rest = i;
            for (int d = in.rank() - 1; d >= 0; d--) {
                index[d] = a.dim(d) == 1 ? 0 : rest % in.dim(d);
                rest /= in.dim(d);
            }
            slope[i] = alpha[a.offset(index)];
        }
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        float[] y = scratch.floats(x.length);
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] > 0f ? x[i] : slope[i % slope.length] * x[i];
        }
        return Trace.of(y, g -> {
            float[] dx = scratch.floats(x.length);
            for (int i = 0; i < x.length; i++) {
                dx[i] = x[i] > 0f ? g[i] : g[i] * slope[i % slope.length];
            }
            return scratch.one(dx);
        });
    }
}
