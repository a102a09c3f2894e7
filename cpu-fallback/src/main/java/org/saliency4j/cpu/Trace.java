package org.saliency4j.cpu;

/** One forward pass of a kernel: its output and the backward pass that goes with it. */
interface Trace {
    /** @return the output, batch first; callers must not modify it */
    float[] output();

    /**
     * Back-propagates a gradient given at the output.
     *
     * @param gradOutput d(objective)/d(output), the size of {@link #output()}; not modified
     * @return d(objective)/d(input), one new array per inbound tensor
     */
    float[][] backward(float[] gradOutput);
}
