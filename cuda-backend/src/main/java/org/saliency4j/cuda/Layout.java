package org.saliency4j.cuda;

import org.saliency4j.tensor.Shape;

/**
 * How a per-sample Keras shape (channels last) is laid out on the device: as cuDNN's NCHW, with the last axis as
 * channels: (h, w, c) as (c, h, w), (u) as (u, 1, 1), (a, b) as (b, a, 1). The host side converts at the edges.
 */
final class Layout {
    final int c;
    final int h;
    final int w;

    private Layout(int c, int h, int w) {
        this.c = c;
        this.h = h;
        this.w = w;
    }

    static Layout of(Shape perSample) {
        return switch (perSample.rank()) {
            case 1 -> new Layout(perSample.dim(0), 1, 1);
            case 2 -> new Layout(perSample.dim(1), perSample.dim(0), 1);
            case 3 -> new Layout(perSample.dim(2), perSample.dim(0), perSample.dim(1));
            default -> throw new org.saliency4j.UnsupportedLayerException(
                    "the CUDA backend handles tensors of rank 1 to 3 per sample, not " + perSample);
        };
    }

    /**
     * Checks that the backend can lay out a layer's output, before any device memory is taken for it.
     *
     * @param perSample the output's shape without batch
     * @throws org.saliency4j.UnsupportedLayerException for a rank outside 1 to 3
     */
    static void requireSupported(Shape perSample) {
        of(perSample);
    }

    int size() {
        return c * h * w;
    }

    Dnn.Tensor descriptor(int batch) {
        return Dnn.Tensor.nchw(batch, c, h, w);
    }

    /** Channels-last host values to channels-first device order. */
    float[] toDevice(float[] channelsLast, int batch) {
        int spatial = h * w;
        float[] out = new float[channelsLast.length];
        for (int n = 0; n < batch; n++) {
            int base = n * size();
            for (int p = 0; p < spatial; p++) {
                for (int ch = 0; ch < c; ch++) {
                    out[base + ch * spatial + p] = channelsLast[base + p * c + ch];
                }
            }
        }
        return out;
    }

    /** Channels-first device values to channels-last host order. */
    float[] toHost(float[] channelsFirst, int batch) {
        int spatial = h * w;
        float[] out = new float[channelsFirst.length];
        for (int n = 0; n < batch; n++) {
            int base = n * size();
            for (int p = 0; p < spatial; p++) {
                for (int ch = 0; ch < c; ch++) {
                    out[base + p * c + ch] = channelsFirst[base + ch * spatial + p];
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "(c " + c + ", h " + h + ", w " + w + ")";
    }
}
