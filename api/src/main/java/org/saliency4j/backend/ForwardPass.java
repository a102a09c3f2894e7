package org.saliency4j.backend;

import org.saliency4j.model.Layer;
import org.saliency4j.tensor.Tensor;

/**
 * The result of one forward pass over a batch: each layer's output, and the backward pass from any layer back to
 * the input.
 *
 * <p>Input gradients are taken for a given gradient at a layer: the vector-Jacobian product
 * {@code (d layer / d input)^T . gradient}, per sample of the batch. Each sample's gradient depends only on that
 * sample, as if it had been run alone.
 *
 * <p>A pass may hold device memory (a GPU backend keeps every layer's output on the device for the backward pass):
 * close it when done, or use try-with-resources. Tensors it returned stay valid after it is closed; the pass itself
 * does not: its methods then throw {@link IllegalStateException}.
 */
public interface ForwardPass extends AutoCloseable {

    /** @return the model's output, batch first */
    Tensor output();

    /**
     * Returns a layer's output, after its activation.
     *
     * @param layer a node of the compiled model
     * @return its output for this batch
     */
    Tensor output(Layer layer);

    /**
     * Returns a layer's value before its activation: the logits of a softmax layer. For a layer with a linear
     * activation this equals {@link #output(Layer)}.
     *
     * @param layer a node of the compiled model
     * @return its pre-activation value for this batch
     */
    Tensor preActivation(Layer layer);

    /**
     * Back-propagates a gradient given at a layer's output (after its activation) to the model input.
     *
     * @param layer    a node of the compiled model
     * @param gradient d(objective)/d(layer output), the shape of {@link #output(Layer)}; not modified
     * @return d(objective)/d(input), the shape of the input batch
     * @throws org.saliency4j.ShapeMismatchException when the gradient has the wrong shape
     */
    Tensor inputGradient(Layer layer, Tensor gradient);

    /**
     * Back-propagates a gradient given at a layer's pre-activation value (the logits of a softmax layer) to the
     * model input.
     *
     * @param layer    a node of the compiled model
     * @param gradient d(objective)/d(pre-activation), the shape of {@link #preActivation(Layer)}; not modified
     * @return d(objective)/d(input), the shape of the input batch
     * @throws org.saliency4j.ShapeMismatchException when the gradient has the wrong shape
     */
    Tensor inputGradientFromPreActivation(Layer layer, Tensor gradient);

    /**
     * Releases what the pass holds (device buffers; on the CPU, its arrays go back to the compiled model's pool for
     * the next pass); idempotent, throws nothing.
     */
    @Override
    default void close() {
        // nothing held by default
    }
}
