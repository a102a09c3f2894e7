package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * Global average or max pooling over height and width, per channel; the average sums positions in row-major
 * order, the maximum's gradient goes to its first position in row-major order.
 */
final class GlobalPoolingKernel implements Kernel {
    private final boolean max;
    private final int positions;
    private final int c;

    GlobalPoolingKernel(LayerOp.GlobalPooling2D op, Shape in) {
        max = op.mode() == LayerOp.PoolMode.MAX;
        positions = in.dim(0) * in.dim(1);
        c = in.dim(2);
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        float[] y = scratch.floats(batch * c);
        int[] argmax = scratch.intsToOverwrite(y.length); // written where read: max mode
        for (int n = 0; n < batch; n++) {
            for (int ch = 0; ch < c; ch++) {
                int o = n * c + ch;
                float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                for (int p = 0; p < positions; p++) {
                    int i = (n * positions + p) * c + ch;
                    if (!max) {
                        acc += x[i];
                    } else if (p == 0 || x[i] > acc) {
                        acc = x[i];
                        argmax[o] = i;
                    }
                }
                y[o] = max ? acc : acc / positions;
            }
        }
        return Trace.of(y, g -> {
            float[] dx = scratch.floats(x.length);
            for (int n = 0; n < batch; n++) {
                for (int ch = 0; ch < c; ch++) {
                    int o = n * c + ch;
                    if (max) {
                        dx[argmax[o]] += g[o];
                    } else {
                        float share = g[o] / positions;
                        for (int p = 0; p < positions; p++) {
                            dx[(n * positions + p) * c + ch] = share;
                        }
                    }
                }
            }
            return scratch.one(dx);
        });
    }
}
