package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * 2-D max pooling. The window is scanned in row-major order and only a strictly larger value replaces the
 * maximum, so among tied values the first in row-major order wins and receives the whole gradient, as in
 * TensorFlow. Padded positions ("same") are not part of any window.
 */
final class MaxPool2DKernel implements Kernel {
    private final Window win;

    MaxPool2DKernel(LayerOp.Pooling2D op, Shape in, Shape out) {
        win = new Window(op, in, out);
    }

    @Override
    public Trace forward(float[][] inputs, int batch) {
        float[] x = inputs[0];
        int c = win.channels;
        float[] y = new float[batch * win.oh * win.ow * c];
        int[] argmax = new int[y.length];
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < win.oh; oy++) {
                for (int ox = 0; ox < win.ow; ox++) {
                    int yBase = ((n * win.oh + oy) * win.ow + ox) * c;
                    for (int ch = 0; ch < c; ch++) {
                        int best = -1;
                        float max = 0f;
                        for (int py = win.top(oy); py < win.bottom(oy); py++) {
                            for (int px = win.left(ox); px < win.right(ox); px++) {
                                int i = ((n * win.h + py) * win.w + px) * c + ch;
                                if (best < 0 || x[i] > max) {
                                    max = x[i];
                                    best = i;
                                }
                            }
                        }
                        y[yBase + ch] = max;
                        argmax[yBase + ch] = best;
                    }
                }
            }
        }
        int inSize = x.length;
        return new Trace() {
            @Override
            public float[] output() {
                return y;
            }

            @Override
            public float[][] backward(float[] gradOutput) {
                float[] dx = new float[inSize];
                for (int o = 0; o < gradOutput.length; o++) {
                    dx[argmax[o]] += gradOutput[o];
                }
                return new float[][] {dx};
            }
        };
    }
}
