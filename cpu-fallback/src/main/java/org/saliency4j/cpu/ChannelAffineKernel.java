package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;

/**
 * A per-channel (last axis) affine map {@code y = x * scale[c] + offset[c]}: batch normalisation at inference,
 * folded as TensorFlow's fused kernel does ({@link LayerOp.BatchNorm#folded}), and Keras' Rescaling and
 * Normalization.
 */
final class ChannelAffineKernel implements Kernel {
    private final float[] scale;
    private final float[] offset;

    ChannelAffineKernel(LayerOp.Affine op, int channels) {
        scale = op.scaleOf(channels);
        offset = op.offsetOf(channels);
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        int c = scale.length;
        float[] y = scratch.floats(x.length);
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * scale[i % c] + offset[i % c];
        }
        return Trace.of(y, g -> {
            float[] dx = scratch.floats(g.length);
            for (int i = 0; i < g.length; i++) {
                dx[i] = g[i] * scale[i % c];
            }
            return scratch.one(dx);
        });
    }
}
