package org.saliency4j.cpu;

import java.util.function.Function;

/** One forward pass of a kernel: its output and the backward pass that goes with it. */
interface Trace {
    /** @return the output, batch first; callers must not modify it */
    float[] output();

    /**
     * Back-propagates a gradient given at the output.
     *
     * @param gradOutput d(objective)/d(output), the size of {@link #output()}; not modified
     * @return d(objective)/d(input), one new array per inbound tensor (held in an array the pass may reuse)
     */
    float[][] backward(float[] gradOutput);

    /**
     * A trace from its output and its backward pass.
     *
     * @param output   the output; the trace keeps it
     * @param backward maps d(objective)/d(output) to d(objective)/d(input), one array per inbound tensor
     * @return the trace
     */
    static Trace of(float[] output, Function<float[], float[][]> backward) {
        return new Of(output, backward);
    }

    /** The trace of {@link #of}. */
    record Of(float[] output, Function<float[], float[][]> inputGradients) implements Trace {
        @Override
        public float[][] backward(float[] gradOutput) {
            return inputGradients.apply(gradOutput);
        }
    }
}
