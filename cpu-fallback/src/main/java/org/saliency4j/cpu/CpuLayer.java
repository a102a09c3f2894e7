package org.saliency4j.cpu;

import org.saliency4j.model.Layer;

/**
 * One layer's operation, or its activation, as the CPU backend computes it, compiled for the layer's shapes. It
 * lets another backend run on the host the layers it has no kernel of its own for, with exactly the CPU backend's
 * results: the CUDA backend does so. Arrays are row-major in Keras' order, batch first. Thread-safe; each
 * {@link #forward} is independent.
 */
public final class CpuLayer {
    private final Kernel kernel;
    private final String name;

    private CpuLayer(Kernel kernel, String name) {
        this.kernel = kernel;
        this.name = name;
    }

    /**
     * Compiles a layer's operation.
     *
     * @param layer a layer of a loaded model; its inbound layers give the input shapes
     * @return the compiled operation
     * @throws org.saliency4j.UnsupportedLayerException when the CPU backend has no kernel for it either
     */
    public static CpuLayer of(Layer layer) {
        return new CpuLayer(CpuCompiledModel.kernel(layer), layer.toString());
    }

    /**
     * Compiles a layer's activation: its input and output have the layer's output shape.
     *
     * @param layer a layer of a loaded model whose activation is not linear
     * @return the compiled activation
     */
    public static CpuLayer activationOf(Layer layer) {
        return new CpuLayer(CpuCompiledModel.activation(layer), layer.activation().kerasName() + " of " + layer);
    }

    /**
     * Runs the operation forward.
     *
     * @param inputs one array per inbound layer (one for the model's input layer), batch first; not modified
     * @param batch  the batch size
     * @return the pass: its output and its backward pass
     */
    public Pass forward(float[][] inputs, int batch) {
        return new Pass(kernel.forward(inputs.clone(), batch, Scratch.unpooled()));
    }

    @Override
    public String toString() {
        return "CPU kernel of " + name;
    }

    /** One forward pass of a {@link CpuLayer}: its output and the backward pass that goes with it. */
    public static final class Pass {
        private final Trace trace;

        private Pass(Trace trace) {
            this.trace = trace;
        }

        /** @return the output, batch first; not to be modified */
        public float[] output() {
            return trace.output();
        }

        /**
         * Back-propagates a gradient given at the output.
         *
         * @param gradOutput d(objective)/d(output), the size of {@link #output()}; not modified
         * @return d(objective)/d(input), one new array per inbound layer
         */
        public float[][] backward(float[] gradOutput) {
            return trace.backward(gradOutput).clone();
        }
    }
}
