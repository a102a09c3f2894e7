package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;

/**
 * A per-channel (last axis) affine map {@code y = x * scale[c] + offset[c]}: batch normalisation at inference,
 * folded as TensorFlow's fused kernel does ({@code scale = gamma / sqrt(variance + epsilon)},
 * {@code offset = beta - mean * scale}).
 */
final class ChannelAffineKernel implements Kernel {
    private final float[] scale;
    private final float[] offset;

    ChannelAffineKernel(LayerOp.BatchNorm op) {
        float[] mean = op.movingMean().toArray();
        float[] variance = op.movingVariance().toArray();
        float[] gamma = op.gamma() == null ? null : op.gamma().toArray();
        float[] beta = op.beta() == null ? null : op.beta().toArray();
        scale = new float[mean.length];
        offset = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            scale[c] = (float) ((gamma == null ? 1 : gamma[c]) / Math.sqrt(variance[c] + op.epsilon()));
            offset[c] = (beta == null ? 0f : beta[c]) - mean[c] * scale[c];
        }
    }

    /** Keras' Rescaling and Normalization: factors and offsets given directly, one per channel or one for all. */
    ChannelAffineKernel(LayerOp.Affine op, int channels) {
        float[] s = op.scale().toArray();
        float[] o = op.offset().toArray();
        scale = new float[channels];
        offset = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = s[s.length == 1 ? 0 : c];
            offset[c] = o[o.length == 1 ? 0 : c];
        }
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
