package org.saliency4j.cpu;

import org.saliency4j.model.LayerOp;

/**
 * Element-wise merges of inputs of one shape. Maximum and minimum send the gradient to the first input holding
 * the extreme value.
 */
final class MergeKernel implements Kernel {
    private final LayerOp.MergeKind kind;

    MergeKernel(LayerOp.MergeKind kind) {
        this.kind = kind;
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        int n = inputs[0].length;
        float[] y = inputs[0].clone();
        for (int k = 1; k < inputs.length; k++) {
            float[] x = inputs[k];
            for (int i = 0; i < n; i++) {
                y[i] = switch (kind) {
                    case ADD, AVERAGE -> y[i] + x[i];
                    case SUBTRACT -> y[i] - x[i];
                    case MULTIPLY -> y[i] * x[i];
                    case MAXIMUM -> Math.max(y[i], x[i]);
                    case MINIMUM -> Math.min(y[i], x[i]);
                };
            }
        }
        if (kind == LayerOp.MergeKind.AVERAGE) {
            for (int i = 0; i < n; i++) {
                y[i] /= inputs.length;
            }
        }
        return Trace.of(y, g -> {
            float[][] dx = new float[inputs.length][n];
            for (int k = 0; k < inputs.length; k++) {
                for (int i = 0; i < n; i++) {
                    dx[k][i] = switch (kind) {
                        case ADD -> g[i];
                        case AVERAGE -> g[i] / inputs.length;
                        case SUBTRACT -> k == 0 ? g[i] : -g[i];
                        case MULTIPLY -> g[i] * productOfOthers(inputs, k, i);
                        case MAXIMUM, MINIMUM -> firstHolder(inputs, y[i], i) == k ? g[i] : 0f;
                    };
                }
            }
            return dx;
        });
    }

    private static float productOfOthers(float[][] inputs, int skip, int i) {
        float p = 1f;
        for (int k = 0; k < inputs.length; k++) {
            if (k != skip) {
                p *= inputs[k][i];
            }
        }
        return p;
    }

    private static int firstHolder(float[][] inputs, float value, int i) {
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k][i] == value) {
                return k;
            }
        }
        return 0;
    }
}
