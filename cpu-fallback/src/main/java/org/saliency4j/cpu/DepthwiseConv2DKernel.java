package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * Depthwise 2-D convolution: output channel {@code c * multiplier + m} is input channel c convolved with filter
 * (c, m), summed over (ky, kx) in that order from 0, then the bias.
 */
final class DepthwiseConv2DKernel implements Kernel {
    private final int h;
    private final int w;
    private final int cin;
    private final int mult;
    private final int oh;
    private final int ow;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int padTop;
    private final int padLeft;
    private final float[] kernel;
    private final float[] bias;

    DepthwiseConv2DKernel(LayerOp.DepthwiseConv2D op, Shape in, Shape out) {
        h = in.dim(0);
        w = in.dim(1);
        cin = in.dim(2);
        Shape k = op.kernel().shape();
        kh = k.dim(0);
        kw = k.dim(1);
        mult = k.dim(3);
        oh = out.dim(0);
        ow = out.dim(1);
        sh = op.strideH();
        sw = op.strideW();
        padTop = op.padding().padBefore(h, kh, sh);
        padLeft = op.padding().padBefore(w, kw, sw);
        kernel = op.kernel().toArray();
        bias = op.bias() == null ? new float[cin * mult] : op.bias().toArray();
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        int cout = cin * mult;
        float[] y = scratch.floats(batch * oh * ow * cout);
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int o = 0; o < cout; o++) {
                        int c = o / mult;
                        float acc = 0f;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy * sh + ky - padTop;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox * sw + kx - padLeft;
                                if (ix >= 0 && ix < w) {
                                    acc += x[((n * h + iy) * w + ix) * cin + c] * kernel[((ky * kw + kx) * cin) * mult + o];
                                }
                            }
                        }
                        y[((n * oh + oy) * ow + ox) * cout + o] = acc + bias[o];
                    }
                }
            }
        }
        return Trace.of(y, g -> {
            float[] dx = scratch.floats(x.length);
            for (int n = 0; n < batch; n++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        for (int o = 0; o < cout; o++) {
                            int c = o / mult;
                            float go = g[((n * oh + oy) * ow + ox) * cout + o];
                            for (int ky = 0; ky < kh; ky++) {
                                int iy = oy * sh + ky - padTop;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int ix = ox * sw + kx - padLeft;
                                    if (ix >= 0 && ix < w) {
                                        dx[((n * h + iy) * w + ix) * cin + c] +=
                                                go * kernel[((ky * kw + kx) * cin) * mult + o];
                                    }
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
