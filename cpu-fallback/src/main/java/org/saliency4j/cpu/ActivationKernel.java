package org.saliency4j.cpu;

import org.jspecify.annotations.Nullable;
import org.saliency4j.model.Activation;

/**
 * The activation functions of Keras, forward and backward, in float32. Elementwise functions go through double
 * where Java's math library needs it and are rounded once to float; softmax works on the last axis with the
 * usual max subtraction.
 */
final class ActivationKernel implements Kernel {
    private static final float SELU_ALPHA = (float) Activation.SELU_ALPHA;
    private static final float SELU_SCALE = (float) Activation.SELU_SCALE;
    /**
     * The fast ReLU loops run in this many chunks, in parallel on large tensors (element-wise, so the result is the
     * same however they are split).
     */
    private static final int CHUNKS = 8;
    /** Above this, softplus(x) equals x in float32 (exp(-20) is below half an ulp of 20). */
    private static final float SOFTPLUS_LINEAR_ABOVE = 20f;

    private final Activation activation;
    private final int lastAxis;

    private final @Nullable FastLoops fast;
    /** This kernel's backward pass, made once. */
    private final SavedTrace.Backward backward;

    /**
     * Compiles the activation.
     *
     * @param activation the function
     * @param lastAxis   the size of the last axis (softmax's rows)
     * @param fast       the vector loops (used for ReLU), or null for the plain loops
     */
    ActivationKernel(Activation activation, int lastAxis, @Nullable FastLoops fast) {
        this.fast = fast;
        this.activation = activation;
        this.lastAxis = lastAxis;
        backward = this::backward;
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        float[] y = scratch.floatsToOverwrite(x.length);
        if (activation == Activation.SOFTMAX) {
            softmax(x, y);
        } else if (activation == Activation.RELU && fast != null) {
            FastLoops loops = fast;
            if (Parallel.splits(CHUNKS, x.length)) { // else no loop body is made: nothing allocated per call
                Parallel.forEach(CHUNKS, x.length, c -> loops.relu(x, y, chunkStart(x.length, c),
                        chunkStart(x.length, c + 1)));
            } else {
                loops.relu(x, y, 0, x.length);
            }
        } else {
            for (int i = 0; i < x.length; i++) {
                y[i] = apply(x[i]);
            }
        }
        return scratch.save(backward, y, x, null, batch);
    }

    private float[][] backward(SavedTrace t, float[] g) {
        float[] x = t.input();
        float[] y = t.output();
        float[] dx = t.scratch().floatsToOverwrite(x.length);
        if (activation == Activation.SOFTMAX) {
            softmaxBackward(y, g, dx);
        } else if (activation == Activation.RELU && fast != null) {
            FastLoops loops = fast;
            if (Parallel.splits(CHUNKS, x.length)) {
                Parallel.forEach(CHUNKS, x.length, c -> loops.reluBackward(x, g, dx, chunkStart(x.length, c),
                        chunkStart(x.length, c + 1)));
            } else {
                loops.reluBackward(x, g, dx, 0, x.length);
            }
        } else {
            for (int i = 0; i < x.length; i++) {
                dx[i] = g[i] * derivative(x[i], y[i]);
            }
        }
        return t.scratch().one(dx);
    }

    /** Chunk {@code c}'s first element, a multiple of 64 (whole vectors and cache lines), of {@link #CHUNKS}. */
    private static int chunkStart(int length, int c) {
        return c == CHUNKS ? length : (int) ((long) length * c / CHUNKS) & ~63;
    }

    private float apply(float x) {
        return switch (activation) {
            case LINEAR -> x;
            case RELU -> x > 0f ? x : 0f;
            case SIGMOID -> sigmoid(x);
            case TANH -> (float) Math.tanh(x);
            case ELU -> x > 0f ? x : (float) Math.expm1(x);
            case SELU -> x > 0f ? SELU_SCALE * x : SELU_SCALE * (SELU_ALPHA * (float) Math.expm1(x));
            case SOFTPLUS -> x > SOFTPLUS_LINEAR_ABOVE ? x : (float) Math.log1p(Math.exp(x));
            case SWISH -> x * sigmoid(x);
            case SOFTMAX -> throw new IllegalStateException("softmax is not elementwise");
        };
    }

    /** d(activation)/dx at input x with output y. */
    private float derivative(float x, float y) {
        return switch (activation) {
            case LINEAR -> 1f;
            case RELU -> x > 0f ? 1f : 0f;
            case SIGMOID -> y * (1f - y);
            case TANH -> 1f - y * y;
            case ELU -> x > 0f ? 1f : y + 1f;
            case SELU -> x > 0f ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA;
            case SOFTPLUS -> sigmoid(x);
            case SWISH -> {
                float s = sigmoid(x);
                yield s * (1f + x * (1f - s));
            }
            case SOFTMAX -> throw new IllegalStateException("softmax is not elementwise");
        };
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    private void softmax(float[] x, float[] y) {
        for (int r = 0; r < x.length; r += lastAxis) {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = r; i < r + lastAxis; i++) {
                max = Math.max(max, x[i]);
            }
            float sum = 0f;
            for (int i = r; i < r + lastAxis; i++) {
                y[i] = (float) Math.exp(x[i] - max);
                sum += y[i];
            }
            for (int i = r; i < r + lastAxis; i++) {
                y[i] /= sum;
            }
        }
    }

    /** dx = y * (g - sum(g * y)) per row. */
    private void softmaxBackward(float[] y, float[] g, float[] dx) {
        for (int r = 0; r < y.length; r += lastAxis) {
            float dot = 0f;
            for (int i = r; i < r + lastAxis; i++) {
                dot += g[i] * y[i];
            }
            for (int i = r; i < r + lastAxis; i++) {
                dx[i] = y[i] * (g[i] - dot);
            }
        }
    }
}
