package org.saliency4j.backend;

import org.saliency4j.ShapeMismatchException;
import org.saliency4j.model.Layer;
import org.saliency4j.tensor.Shape;
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
     * Copies a layer's output into a caller's array: the values of {@code output(layer).toArray()}, without the
     * copies a tensor makes where the backend can avoid them.
     *
     * @param layer a node of the compiled model
     * @param into  the destination, as long as the output's batch; modified
     * @throws org.saliency4j.ShapeMismatchException when {@code into} has the wrong length
     */
    default void copyOutput(Layer layer, float[] into) {
        copy(output(layer), into, layer);
    }

    /**
     * Copies a layer's pre-activation value into a caller's array, as {@link #copyOutput} does its output.
     *
     * @param layer a node of the compiled model
     * @param into  the destination, as long as the value's batch; modified
     * @throws org.saliency4j.ShapeMismatchException when {@code into} has the wrong length
     */
    default void copyPreActivation(Layer layer, float[] into) {
        copy(preActivation(layer), into, layer);
    }

    /**
     * Adds an input gradient to a caller's array: the same as adding, element by element and widened,
     * {@code inputGradient(layer, Tensor.ofDoubles(output shape, gradient))} (the gradient rounded to float),
     * without the tensors and their copies where the backend can avoid them. An optimisation loop calls this every
     * epoch.
     *
     * @param layer    a node of the compiled model
     * @param gradient d(objective)/d(layer output), row-major, batch first; read during the call only
     * @param into     d(objective)/d(input) is added to it, the length of the input batch; modified
     * @throws org.saliency4j.ShapeMismatchException when an array has the wrong length
     */
    default void addInputGradient(Layer layer, double[] gradient, double[] into) {
        add(inputGradient(layer, Tensor.ofDoubles(gradientShape(layer, gradient, "output"), gradient)), into);
    }

    /**
     * Adds an input gradient for a gradient given at a layer's pre-activation value, as {@link #addInputGradient}
     * does for one given at its output.
     *
     * @param layer    a node of the compiled model
     * @param gradient d(objective)/d(pre-activation), row-major, batch first; read during the call only
     * @param into     d(objective)/d(input) is added to it, the length of the input batch; modified
     * @throws org.saliency4j.ShapeMismatchException when an array has the wrong length
     */
    default void addInputGradientFromPreActivation(Layer layer, double[] gradient, double[] into) {
        add(inputGradientFromPreActivation(layer,
                Tensor.ofDoubles(gradientShape(layer, gradient, "pre-activation"), gradient)), into);
    }

    private static void copy(Tensor value, float[] into, Layer layer) {
        if (value.shape().size() != into.length) {
            throw new ShapeMismatchException("an array of " + into.length + " floats for the value of layer "
                    + layer + ", of shape " + value.shape());
        }
        System.arraycopy(value.toArray(), 0, into, 0, into.length);
    }

    /**
     * The batch shape of a gradient at a layer, from its length (taking the layer's value only for its shape would
     * copy it, from the device on a GPU); a wrong batch size is then reported by the tensor method.
     */
    private static Shape gradientShape(Layer layer, double[] gradient, String what) {
        int perSample = layer.outputShape().size();
        if (gradient.length == 0 || gradient.length % perSample != 0) {
            throw new ShapeMismatchException("a gradient of " + gradient.length + " values given at the " + what
                    + " of layer " + layer + ", whose " + what + " has " + perSample + " values per sample");
        }
        return layer.outputShape().withBatch(gradient.length / perSample);
    }

    private static void add(Tensor inputGradient, double[] into) {
        float[] g = inputGradient.toArray();
        if (g.length != into.length) {
            throw new ShapeMismatchException("an array of " + into.length + " values for an input gradient of shape "
                    + inputGradient.shape());
        }
        for (int i = 0; i < g.length; i++) {
            into[i] += g[i];
        }
    }

    /**
     * Releases what the pass holds (device buffers; on the CPU, its arrays go back to the compiled model's pool for
     * the next pass); idempotent, throws nothing.
     */
    @Override
    default void close() {
        // nothing held by default
    }
}
