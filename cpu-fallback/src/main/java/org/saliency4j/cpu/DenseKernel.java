package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * Fully connected layer along the last axis: {@code y[r, u] = (sum over i in order of x[r, i] * W[i, u]) + b[u]},
 * accumulated in float from 0.
 */
final class DenseKernel implements Kernel {
    /** Units per work item of the forward pass. */
    private static final int CHUNK = 64;
    private final int in;
    private final int units;
    private final int rowsPerSample;
    private final float[] kernel;
    private final float[] bias;

    DenseKernel(LayerOp.Dense op, Shape inShape) {
        in = op.inUnits();
        units = op.units();
        rowsPerSample = inShape.size() / in;
        kernel = op.kernel().toArray();
        bias = op.bias() == null ? new float[units] : op.bias().toArray();
    }

    @Override
    public Trace forward(float[][] inputs, int batch) {
        float[] x = inputs[0];
        int rows = batch * rowsPerSample;
        float[] y = new float[rows * units];
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
        return new Trace() {
            @Override
            public float[] output() {
                return y;
            }

            @Override
            public float[][] backward(float[] gradOutput) {
                float[] dx = new float[rows * in];
                int inChunks = (in + CHUNK - 1) / CHUNK;
                Parallel.forEach(rows * inChunks, (long) rows * in * units, item -> {
                    int r = item / inChunks;
                    int from = item % inChunks * CHUNK;
                    for (int i = from; i < Math.min(from + CHUNK, in); i++) {
                        int wRow = i * units;
                        float s = 0f;
                        for (int u = 0; u < units; u++) {
                            s += gradOutput[r * units + u] * kernel[wRow + u];
                        }
                        dx[r * in + i] = s;
                    }
                });
                return new float[][] {dx};
            }
        };
    }
}
