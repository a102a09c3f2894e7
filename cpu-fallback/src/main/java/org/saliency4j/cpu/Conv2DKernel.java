package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * 2-D convolution (Keras' cross-correlation), NHWC input, HWIO kernel, dilation 1.
 *
 * <p>Each output element is {@code sum over (ky, kx, ci) in that order of x * w}, accumulated in float from 0,
 * then the bias is added, as TensorFlow's Conv2D followed by BiasAdd. Padded positions are skipped, so every
 * interior output is summed in exactly the same order and a constant image gives exactly equal interior outputs.
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

    Conv2DKernel(LayerOp.Conv2D op, Shape in, Shape out) {
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
    }

    @Override
    public Trace forward(float[][] inputs, int batch) {
        float[] x = inputs[0];
        float[] y = new float[batch * oh * ow * cout];
        long work = (long) batch * oh * ow * cout * kh * kw * cin;
        // Rows of the output are independent; each is computed exactly as a sequential loop would.
        Parallel.forEach(batch * oh, work, row -> forwardRow(x, y, row / oh, row % oh, new float[cout]));
        return new Trace() {
            @Override
            public float[] output() {
                return y;
            }

            @Override
            public float[][] backward(float[] gradOutput) {
                return new float[][] {backwardData(gradOutput, batch)};
            }
        };
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
     * The input gradient in the order of TensorFlow's CPU kernel (Conv2DCustomBackpropInput: a matrix product of
     * the output gradient with the kernel, then col2im): for each output position in row-major order and each
     * (ky, kx, ci), the sum over output channels is formed from 0 and then added to the input element it belongs
     * to.
     */
    private float[] backwardData(float[] dy, int batch) {
        float[] dx = new float[batch * h * w * cin];
        long work = (long) batch * oh * ow * cout * kh * kw * cin;
        // Each (sample, input channel) owns its input-gradient elements; within it the order is the sequential one.
        Parallel.forEach(batch * cin, work, item -> backwardChannel(dy, dx, item / cin, item % cin));
        return dx;
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
