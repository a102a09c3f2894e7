package org.saliency4j.cpu;

import org.jspecify.annotations.Nullable;

/**
 * A trace whose backward pass is a method of its kernel, made once per kernel, reading what the forward pass saved
 * from the trace's fields instead of from a closure. The scratch of a pass hands these out and its next pass
 * reuses them ({@link Scratch#save}), so a pass of such kernels makes no trace or closure objects.
 */
final class SavedTrace implements Trace {
    /** A kernel's backward pass, reading the forward pass's state from the trace. */
    @FunctionalInterface
    interface Backward {
        /**
         * @param saved      the forward pass's trace
         * @param gradOutput d(objective)/d(output); not modified
         * @return d(objective)/d(input), one new array per inbound tensor
         */
        float[][] backward(SavedTrace saved, float[] gradOutput);
    }

    private @Nullable Backward backward;
    private float @Nullable [] output;
    private float @Nullable [] input;
    private int @Nullable [] indices;
    private int batch;
    private @Nullable Scratch scratch;

    /** Fills the trace for one forward pass; the scratch calls this. */
    SavedTrace set(Backward pass, float[] out, float[] in, int @Nullable [] idx, int n, Scratch s) {
        backward = pass;
        output = out;
        input = in;
        indices = idx;
        batch = n;
        scratch = s;
        return this;
    }

    /** Forgets the pass's arrays, so that a pooled trace keeps none of them alive. */
    void clear() {
        backward = null;
        output = null;
        input = null;
        indices = null;
        scratch = null;
    }

    @Override
    public float[] output() {
        return java.util.Objects.requireNonNull(output, "trace of a closed pass");
    }

    @Override
    public float[][] backward(float[] gradOutput) {
        return java.util.Objects.requireNonNull(backward, "trace of a closed pass").backward(this, gradOutput);
    }

    /** @return the forward pass's (first) input */
    float[] input() {
        return java.util.Objects.requireNonNull(input, "trace of a closed pass");
    }

    /** @return the indices the forward pass saved (max pooling's arg-maxima) */
    int[] indices() {
        return java.util.Objects.requireNonNull(indices, "no indices saved");
    }

    /** @return the batch size */
    int batch() {
        return batch;
    }

    /** @return the pass's scratch, for the backward pass's arrays */
    Scratch scratch() {
        return java.util.Objects.requireNonNull(scratch, "trace of a closed pass");
    }
}
