package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * 2-D average pooling: the sum of the window's values inside the input, in row-major order, divided by their
 * count (padded positions are not counted, as in TensorFlow).
 */
final class AvgPool2DKernel implements Kernel {
    private final Window win;

    AvgPool2DKernel(LayerOp.Pooling2D op, Shape in, Shape out) {
        win = new Window(op, in, out);
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        int c = win.channels;
        float[] y = scratch.floats(batch * win.oh * win.ow * c);
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < win.oh; oy++) {
                for (int ox = 0; ox < win.ow; ox++) {
                    int yBase = ((n * win.oh + oy) * win.ow + ox) * c;
                    float count = win.count(oy, ox);
                    for (int ch = 0; ch < c; ch++) {
                        float sum = 0f;
                        for (int py = win.top(oy); py < win.bottom(oy); py++) {
                            for (int px = win.left(ox); px < win.right(ox); px++) {
                                sum += x[((n * win.h + py) * win.w + px) * c + ch];
                            }
                        }
                        y[yBase + ch] = sum / count;
                    }
                }
            }
        }
        int inSize = x.length;
        return Trace.of(y, dy -> {
            float[] dx = scratch.floats(inSize);
            for (int n = 0; n < batch; n++) {
                for (int oy = 0; oy < win.oh; oy++) {
                    for (int ox = 0; ox < win.ow; ox++) {
                        int yBase = ((n * win.oh + oy) * win.ow + ox) * c;
                        float count = win.count(oy, ox);
                        for (int ch = 0; ch < c; ch++) {
                            float g = dy[yBase + ch] / count;
                            for (int py = win.top(oy); py < win.bottom(oy); py++) {
                                for (int px = win.left(ox); px < win.right(ox); px++) {
                                    dx[((n * win.h + py) * win.w + px) * c + ch] += g;
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
