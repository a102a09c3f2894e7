package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * Depthwise 2-D convolution: output channel {@code c * multiplier + m} is input channel c convolved with filter
 * (c, m), summed over (ky, kx) in that order from 0, then the bias.
 */
final class DepthwiseConv2DKernel implements Kernel {
    private final ConvGeometry g;
    private final int mult;
    private final float[] kernel;
    private final float[] bias;

    DepthwiseConv2DKernel(LayerOp.DepthwiseConv2D op, Shape in, Shape out) {
        Shape k = op.kernel().shape();
        g = new ConvGeometry(in, out, k.dim(0), k.dim(1), op.strideH(), op.strideW(), op.padding());
        mult = k.dim(3);
        kernel = op.kernel().toArray();
        bias = op.bias() == null ? new float[g.cin * mult] : op.bias().toArray();
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        int cout = g.cin * mult;
        float[] y = scratch.floats(batch * g.oh * g.ow * cout);
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < g.oh; oy++) {
                for (int ox = 0; ox < g.ow; ox++) {
                    for (int o = 0; o < cout; o++) {
                        int c = o / mult;
                        float acc = 0f;
                        for (int ky = g.kyFrom(oy); ky < g.kyTo(oy); ky++) {
                            int iy = oy * g.sh + ky - g.padTop;
                            for (int kx = g.kxFrom(ox); kx < g.kxTo(ox); kx++) {
                                int ix = ox * g.sw + kx - g.padLeft;
                                acc += x[((n * g.h + iy) * g.w + ix) * g.cin + c]
                                        * kernel[((ky * g.kw + kx) * g.cin) * mult + o];
                            }
                        }
                        y[((n * g.oh + oy) * g.ow + ox) * cout + o] = acc + bias[o];
                    }
                }
            }
        }
        return Trace.of(y, gradOutput -> {
            float[] dx = scratch.floats(x.length);
            for (int n = 0; n < batch; n++) {
                for (int oy = 0; oy < g.oh; oy++) {
                    for (int ox = 0; ox < g.ow; ox++) {
                        for (int o = 0; o < cout; o++) {
                            int c = o / mult;
                            float go = gradOutput[((n * g.oh + oy) * g.ow + ox) * cout + o];
                            for (int ky = g.kyFrom(oy); ky < g.kyTo(oy); ky++) {
                                int iy = oy * g.sh + ky - g.padTop;
                                for (int kx = g.kxFrom(ox); kx < g.kxTo(ox); kx++) {
                                    int ix = ox * g.sw + kx - g.padLeft;
                                    dx[((n * g.h + iy) * g.w + ix) * g.cin + c] +=
                                            go * kernel[((ky * g.kw + kx) * g.cin) * mult + o];
                                }
                            }
                        }
                    }
                }
            }
            return scratch.one(dx);
        });
    }
}
