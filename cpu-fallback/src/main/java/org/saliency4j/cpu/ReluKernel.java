package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;

/**
 * Keras' {@code ReLU} layer with its options: {@code max} above {@code maxValue}, {@code x} from the threshold up,
 * {@code negativeSlope * (x - threshold)} below. At {@code x == threshold} the gradient is the lower side's, as
 * TensorFlow's relu gives 0 at 0.
 */
final class ReluKernel implements Kernel {
    private final float maxValue;
    private final float slope;
    private final float threshold;

    ReluKernel(LayerOp.Relu op) {
        maxValue = (float) op.maxValue();
        slope = (float) op.negativeSlope();
        threshold = (float) op.threshold();
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        float[] y = scratch.floatsToOverwrite(x.length);
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = v >= maxValue ? maxValue : v >= threshold ? v : slope * (v - threshold);
        }
        return Trace.of(y, g -> {
            float[] dx = scratch.floatsToOverwrite(x.length);
            for (int i = 0; i < x.length; i++) {
                float v = x[i];
                dx[i] = v >= maxValue ? 0f : v > threshold ? g[i] : g[i] * slope;
            }
            return scratch.one(dx);
        });
    }
}
