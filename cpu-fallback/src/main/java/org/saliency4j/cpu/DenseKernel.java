package org.saliency4j.cpu;

import org.jspecify.annotations.Nullable;
import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * Fully connected layer along the last axis: {@code y[r, u] = (sum over i in order of x[r, i] * W[i, u]) + b[u]},
 * accumulated in float from 0; the input gradient {@code dx[r, i] = sum over u in order of dy[r, u] * W[i, u]}.
 *
 * <p>The plain loops are the specification. With a {@link FastLoops} the same sums run as register-tiled
 * products, the backward one against a transposed copy of the weights ({@code [units][in]}, made on the first
 * backward pass: it doubles the layer's memory).
 */
final class DenseKernel implements Kernel {
    /** Units (forward) or inputs (backward) per work item of the plain loops. */
    private static final int CHUNK = 64;
    /**
     * ... of the vector products: 8 vectors of 16, so that at batch 1 each input row of the weights is read in
     * 512-byte runs (measured faster than 256 on VGG16's 25088 x 4096 layer).
     */
    private static final int FAST_CHUNK = 128;
    private final int in;
    private final int units;
    private final int rowsPerSample;
    private final float[] kernel;
    private final float[] bias;
    private final @Nullable FastLoops fast;
    /** The weights as {@code [units][in]}, for the fast backward pass. */
    private final TransposedCopy transposed;
    /** This kernel's backward pass, made once. */
    private final SavedTrace.Backward backward;

    /**
     * Compiles the layer.
     *
     * @param op      the layer operation
     * @param inShape the input shape, without batch
     * @param fast    the vectorised product, or null for the plain loops
     */
    DenseKernel(LayerOp.Dense op, Shape inShape, @Nullable FastLoops fast) {
        this.fast = fast;
        in = op.inUnits();
        units = op.units();
        rowsPerSample = inShape.size() / in;
        kernel = op.kernel().toArray();
        bias = op.bias() == null ? new float[units] : op.bias().toArray();
        transposed = new TransposedCopy(kernel, in, units);
        backward = this::backward;
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        int rows = batch * rowsPerSample;
        float[] y = scratch.floats(rows * units);
        FastLoops product = fast;
        if (product == null) {
            forwardPlain(x, y, rows);
        } else {
            forwardFast(product, x, y, rows);
        }
        return scratch.save(backward, y, x, null, batch);
    }

    private float[][] backward(SavedTrace t, float[] gradOutput) {
        int rows = t.batch() * rowsPerSample;
        float[] dx = t.scratch().floats(rows * in);
        FastLoops p = fast;
        if (p == null) {
            backwardPlain(gradOutput, dx, rows);
        } else {
            backwardFast(p, gradOutput, dx, rows);
        }
        return t.scratch().one(dx);
    }

    private void forwardPlain(float[] x, float[] y, int rows) {
        int chunks = (units + CHUNK - 1) / CHUNK;
        // Blocks of units are independent; each unit is summed over the inputs in order, as sequentially.
        Parallel.forEach(rows * chunks, (long) rows * in * units, item -> {
            int r = item / chunks;
            int from = item % chunks * CHUNK;
            int to = Math.min(from + CHUNK, units);
            float[] acc = new float[to - from];
            for (int i = 0; i < in; i++) {
                float xv = x[r * in + i];
                int wRow = i * units;
                for (int u = from; u < to; u++) {
                    acc[u - from] += xv * kernel[wRow + u];
                }
            }
            for (int u = from; u < to; u++) {
                y[r * units + u] = acc[u - from] + bias[u];
            }
        });
    }

    private void backwardPlain(float[] dy, float[] dx, int rows) {
        int chunks = (in + CHUNK - 1) / CHUNK;
        Parallel.forEach(rows * chunks, (long) rows * in * units, item -> {
            int r = item / chunks;
            int from = item % chunks * CHUNK;
            for (int i = from; i < Math.min(from + CHUNK, in); i++) {
                int wRow = i * units;
                float s = 0f;
                for (int u = 0; u < units; u++) {
                    s += dy[r * units + u] * kernel[wRow + u];
                }
                dx[r * in + i] = s;
            }
        });
    }

    /** {@link #forwardPlain} with all rows of a block of units in one product: the weights are read once. */
    private void forwardFast(FastLoops product, float[] x, float[] y, int rows) {
        int chunks = (units + FAST_CHUNK - 1) / FAST_CHUNK;
        Parallel.forEach(chunks, (long) rows * in * units, item -> {
            int from = item * FAST_CHUNK;
            int to = Math.min(from + FAST_CHUNK, units);
            product.accumulate(x, 0, in, rows, kernel, from, units, to - from, in, y, from, units);
            for (int r = 0; r < rows; r++) {
                product.add(bias, from, y, r * units + from, to - from);
            }
        });
    }

    /** {@link #backwardPlain} as products against the transposed weights, a block of inputs per work item. */
    private void backwardFast(FastLoops product, float[] dy, float[] dx, int rows) {
        float[] wt = transposed.get();
        int chunks = (in + FAST_CHUNK - 1) / FAST_CHUNK;
        Parallel.forEach(chunks, (long) rows * in * units, item -> {
            int from = item * FAST_CHUNK;
            int to = Math.min(from + FAST_CHUNK, in);
            product.accumulate(dy, 0, units, rows, wt, from, in, to - from, units, dx, from, in);
        });
    }
}
