package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * The layers that only move values: Cropping2D, UpSampling2D (nearest) and Permute. Each is a map from output
 * element to input element; the forward pass gathers along it and the backward pass adds the gradient back
 * along it.
 */
final class ShapeKernels {
    private ShapeKernels() {
    }

    /** A kernel defined by {@code source[o]}: the input element of each per-sample output element. */
    static Kernel gather(int[] source, int inSize) {
        return (inputs, batch, scratch) -> {
            float[] x = inputs[0];
            int out = source.length;
            float[] y = scratch.floats(batch * out);
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < out; o++) {
                    y[n * out + o] = x[n * inSize + source[o]];
                }
            }
            return Trace.of(y, g -> {
                float[] dx = scratch.floats(batch * inSize);
                for (int n = 0; n < batch; n++) {
                    for (int o = 0; o < out; o++) {
                        dx[n * inSize + source[o]] += g[n * out + o];
                    }
                }
                return scratch.one(dx);
            });
        };
    }

    static Kernel crop(LayerOp.Cropping2D op, Shape in, Shape out) {
        int[] source = new int[out.size()];
        int c = in.dim(2);
        for (int y = 0; y < out.dim(0); y++) {
            for (int x = 0; x < out.dim(1); x++) {
                for (int ch = 0; ch < c; ch++) {
                    source[(y * out.dim(1) + x) * c + ch] = ((y + op.top()) * in.dim(1) + x + op.left()) * c + ch;
                }
            }
        }
        return gather(source, in.size());
    }

    static Kernel upSample(LayerOp.UpSampling2D op, Shape in, Shape out) {
        int[] source = new int[out.size()];
        int c = in.dim(2);
        for (int y = 0; y < out.dim(0); y++) {
            for (int x = 0; x < out.dim(1); x++) {
                for (int ch = 0; ch < c; ch++) {
                    source[(y * out.dim(1) + x) * c + ch] = ((y / op.rows()) * in.dim(1) + x / op.cols()) * c + ch;
                }
            }
        }
        return gather(source, in.size());
    }

    static Kernel permute(LayerOp.Permute op, Shape in, Shape out) {
        int rank = in.rank();
        int[] source = new int[out.size()];
        int[] index = new int[rank];
        for (int o = 0; o < source.length; o++) {
            int rest = o;
            for (int a = rank - 1; a >= 0; a--) {
                index[a] = rest % out.dim(a);
                rest /= out.dim(a);
            }
            int[] inIndex = new int[rank];
            for (int a = 0; a < rank; a++) {
                inIndex[op.order().get(a)] = index[a];
            }
            source[o] = in.offset(inIndex);
        }
        return gather(source, in.size());
    }
}
