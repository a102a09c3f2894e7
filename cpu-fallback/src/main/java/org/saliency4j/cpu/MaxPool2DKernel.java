package org.saliency4j.cpu;

import org.jspecify.annotations.Nullable;
import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * 2-D max pooling. The window is scanned in row-major order and only a strictly larger value replaces the
 * maximum, so among tied values the first in row-major order wins and receives the whole gradient, as in
 * TensorFlow. Padded positions ("same") are not part of any window.
 */
final class MaxPool2DKernel implements Kernel {
    private final Window win;

    private final @Nullable FastLoops fast;

    /**
     * Compiles the pooling.
     *
     * @param op   the layer operation
     * @param in   the input shape, without batch
     * @param out  the output shape, without batch
     * @param fast the vector loops, or null for the plain loops
     */
    MaxPool2DKernel(LayerOp.Pooling2D op, Shape in, Shape out, @Nullable FastLoops fast) {
        this.fast = fast;
        win = new Window(op, in, out);
    }

    /** This kernel's backward pass, made once. */
    private final SavedTrace.Backward backward = MaxPool2DKernel::backward;

    private void forwardRow(float[] x, float[] y, int[] argmax, int n, int oy) {
        int c = win.channels;
        int top = win.top(oy);
        int rows = win.bottom(oy) - top;
        for (int ox = 0; ox < win.ow; ox++) {
            int yBase = ((n * win.oh + oy) * win.ow + ox) * c;
            int left = win.left(ox);
            int first = ((n * win.h + top) * win.w + left) * c;
            int cols = win.right(ox) - left;
            if (fast != null) {
                fast.maxWindow(x, first, rows, cols, win.w * c, c, y, argmax, yBase, c);
            } else {
                plainWindow(x, first, rows, cols, win.w * c, c, y, argmax, yBase, c);
            }
        }
    }

    /** The specification of {@link FastLoops#maxWindow}, same arguments: channels innermost, contiguous. */
    private static void plainWindow(float[] x, int first, int rows, int cols, int rowStride, int colStride,
            float[] y, int[] argmax, int yi, int channels) {
        for (int ch = 0; ch < channels; ch++) {
            y[yi + ch] = x[first + ch];
            argmax[yi + ch] = first + ch;
        }
        for (int py = 0; py < rows; py++) {
            for (int px = py == 0 ? 1 : 0; px < cols; px++) {
                int base = first + py * rowStride + px * colStride;
                for (int ch = 0; ch < channels; ch++) {
                    float v = x[base + ch];
                    if (v > y[yi + ch]) {
                        y[yi + ch] = v;
                        argmax[yi + ch] = base + ch;
                    }
                }
            }
        }
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        int c = win.channels;
        float[] y = scratch.floatsToOverwrite(batch * win.oh * win.ow * c);
        int[] argmax = scratch.intsToOverwrite(y.length);
        // Output rows are independent; within a window the channels run innermost, over contiguous memory.
        Parallel.forEach(batch * win.oh, (long) x.length, row -> forwardRow(x, y, argmax, row / win.oh,
                row % win.oh));
        return scratch.save(backward, y, x, argmax, batch);
    }

    /**
     * Sends each output's gradient to its window's arg-maximum, in the order of the outputs. A sample's arg-maxima
     * lie in its own input, so samples run in parallel on large batches.
     */
    private static float[][] backward(SavedTrace t, float[] gradOutput) {
        int[] argmax = t.indices();
        int batch = t.batch();
        float[] dx = t.scratch().floatsToOverwrite(t.input().length); // each sample's part zeroed below
        if (Parallel.splits(batch, dx.length)) { // else no loop body is made: nothing allocated per call
            Parallel.forEach(batch, dx.length, n -> backwardSample(argmax, gradOutput, dx, n, batch));
        } else {
            for (int n = 0; n < batch; n++) {
                backwardSample(argmax, gradOutput, dx, n, batch);
            }
        }
        return t.scratch().one(dx);
    }

    private static void backwardSample(int[] argmax, float[] gradOutput, float[] dx, int n, int batch) {
        int in = dx.length / batch;
        int out = gradOutput.length / batch;
        java.util.Arrays.fill(dx, n * in, (n + 1) * in, 0f);
        for (int o = n * out; o < (n + 1) * out; o++) {
            dx[argmax[o]] += gradOutput[o];
        }
    }
}
