package org.saliency4j.cpu;

/** The forward pass of one layer operation (or activation) for a batch, compiled for fixed shapes. */
interface Kernel {
    /**
     * Runs the forward pass.
     *
     * @param inputs  one row-major array per inbound tensor, batch first; not modified
     * @param batch   the batch size
     * @param scratch where the output, and the backward pass's gradients, take their arrays from
     * @return the output, with what the backward pass needs
     */
    Trace forward(float[][] inputs, int batch, Scratch scratch);
}
