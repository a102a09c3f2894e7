package org.saliency4j.backend;

import org.saliency4j.ShapeMismatchException;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * The result of one forward pass over a batch: each layer's values, and the backward pass from any layer to any
 * layer before it.
 *
 * <p>A backend implements four methods on arrays: {@link #model()}, {@link #batchSize()}, {@link #copyValue} and
 * {@link #addGradient}; the tensor forms below are built on them. Gradients are vector-Jacobian products
 * {@code (d value at from / d output of to)^T . gradient}, per sample of the batch: each sample's gradient depends
 * only on that sample, as if it had been run alone.
 *
 * <p>A pass may hold device memory (a GPU backend keeps every layer's output on the device for the backward pass):
 * close it when done, or use try-with-resources. Tensors it returned stay valid after it is closed; the pass itself
 * does not: its methods then throw {@link IllegalStateException}.
 */
public interface ForwardPass extends AutoCloseable {

    /** @return the model this pass ran */
    Model model();

    /** @return the number of samples in the batch */
    int batchSize();

    /**
     * Copies a layer's value for the whole batch into a caller's array.
     *
     * @param layer a node of the compiled model
     * @param value which of its values
     * @param into  the destination, {@code batchSize()} times the layer's output size; modified
     * @throws ShapeMismatchException when {@code into} has the wrong length
     * @throws IllegalArgumentException when the layer is not a node of the compiled model
     */
    void copyValue(Layer layer, LayerValue value, float[] into);

    /**
     * Back-propagates a gradient given at a value of layer {@code from} to the output of layer {@code to}, and adds
     * the result to a caller's array. The gradient is rounded to float as {@link Tensor#ofDoubles} rounds it; the
     * result is added widened. With {@code to} the model's input, this is the input gradient.
     *
     * @param from     the layer where the gradient is given
     * @param at       the value of {@code from} it is given at
     * @param gradient d(objective)/d(that value), row-major, batch first; read during the call only
     * @param to       a layer whose output {@code from} depends on ({@code from} itself when {@code at} is its
     *                 output)
     * @param rule     how to go back through ReLU activations
     * @param into     d(objective)/d(output of {@code to}) is added to it, batch first; modified
     * @throws ShapeMismatchException   when an array has the wrong length
     * @throws IllegalArgumentException when {@code to} is not {@code from} or a layer that {@code from} depends on
     */
    void addGradient(Layer from, LayerValue at, double[] gradient, Layer to, BackwardRule rule, double[] into);

    /** @return the model's output, batch first */
    default Tensor output() {
        return output(model().output());
    }

    /**
     * Returns a layer's output, after its activation.
     *
     * @param layer a node of the compiled model
     * @return its output for this batch
     */
    default Tensor output(Layer layer) {
        return value(layer, LayerValue.OUTPUT);
    }

    /**
     * Returns a layer's value before its activation: the logits of a softmax layer. For a layer with a linear
     * activation this equals {@link #output(Layer)}.
     *
     * @param layer a node of the compiled model
     * @return its pre-activation value for this batch
     */
    default Tensor preActivation(Layer layer) {
        return value(layer, LayerValue.PRE_ACTIVATION);
    }

    /**
     * Returns one of a layer's values.
     *
     * @param layer a node of the compiled model
     * @param value which of its values
     * @return it, for this batch
     */
    default Tensor value(Layer layer, LayerValue value) {
        float[] v = new float[batchSize() * layer.outputShape().size()];
        copyValue(layer, value, v);
        return Tensor.of(layer.outputShape().withBatch(batchSize()), v);
    }

    /**
     * Back-propagates a gradient given at a value of one layer to the output of an earlier one: {@link #addGradient}
     * with tensors.
     *
     * @param from     the layer where the gradient is given
     * @param at       the value of {@code from} it is given at
     * @param gradient d(objective)/d(that value), its shape; not modified
     * @param to       a layer whose output {@code from} depends on
     * @param rule     how to go back through ReLU activations
     * @return d(objective)/d(output of {@code to}), its shape
     * @throws ShapeMismatchException   when the gradient has the wrong shape
     * @throws IllegalArgumentException when {@code to} is not {@code from} or a layer that {@code from} depends on
     */
    default Tensor gradient(Layer from, LayerValue at, Tensor gradient, Layer to, BackwardRule rule) {
        Shape expected = from.outputShape().withBatch(batchSize());
        if (!gradient.shape().equals(expected)) {
            String what = at == LayerValue.OUTPUT ? "output" : "pre-activation";
            throw new ShapeMismatchException("gradient of shape " + gradient.shape() + " given at the " + what
                    + " of layer " + from + ", whose " + what + " has shape " + expected);
        }
        double[] g = new double[gradient.shape().size()];
        float[] v = gradient.toArray();
        for (int i = 0; i < v.length; i++) {
            g[i] = v[i];
        }
        Shape result = to.outputShape().withBatch(batchSize());
        double[] sum = new double[result.size()];
        addGradient(from, at, g, to, rule, sum);
        return Tensor.ofDoubles(result, sum);
    }

    /**
     * Back-propagates a gradient given at a layer's output (after its activation) to the model input.
     *
     * @param layer    a node of the compiled model
     * @param gradient d(objective)/d(layer output), the shape of {@link #output(Layer)}; not modified
     * @return d(objective)/d(input), the shape of the input batch
     * @throws ShapeMismatchException when the gradient has the wrong shape
     */
    default Tensor inputGradient(Layer layer, Tensor gradient) {
        return gradient(layer, LayerValue.OUTPUT, gradient, model().input(), BackwardRule.STANDARD);
    }

    /**
     * Back-propagates a gradient given at a layer's pre-activation value (the logits of a softmax layer) to the
     * model input.
     *
     * @param layer    a node of the compiled model
     * @param gradient d(objective)/d(pre-activation), the shape of {@link #preActivation(Layer)}; not modified
     * @return d(objective)/d(input), the shape of the input batch
     * @throws ShapeMismatchException when the gradient has the wrong shape
     */
    default Tensor inputGradientFromPreActivation(Layer layer, Tensor gradient) {
        return gradient(layer, LayerValue.PRE_ACTIVATION, gradient, model().input(), BackwardRule.STANDARD);
    }

    /**
     * Copies a layer's output into a caller's array: {@link #copyValue} of its output.
     *
     * @param layer a node of the compiled model
     * @param into  the destination, as long as the output's batch; modified
     * @throws ShapeMismatchException when {@code into} has the wrong length
     */
    default void copyOutput(Layer layer, float[] into) {
        copyValue(layer, LayerValue.OUTPUT, into);
    }

    /**
     * Copies a layer's pre-activation value into a caller's array: {@link #copyValue} of that value.
     *
     * @param layer a node of the compiled model
     * @param into  the destination, as long as the value's batch; modified
     * @throws ShapeMismatchException when {@code into} has the wrong length
     */
    default void copyPreActivation(Layer layer, float[] into) {
        copyValue(layer, LayerValue.PRE_ACTIVATION, into);
    }

    /**
     * Adds an input gradient to a caller's array: {@link #addGradient} from a layer's output to the model input,
     * by the standard rule. An optimisation loop calls this every epoch.
     *
     * @param layer    a node of the compiled model
     * @param gradient d(objective)/d(layer output), row-major, batch first; read during the call only
     * @param into     d(objective)/d(input) is added to it, the length of the input batch; modified
     * @throws ShapeMismatchException when an array has the wrong length
     */
    default void addInputGradient(Layer layer, double[] gradient, double[] into) {
        addGradient(layer, LayerValue.OUTPUT, gradient, model().input(), BackwardRule.STANDARD, into);
    }

    /**
     * Adds an input gradient for a gradient given at a layer's pre-activation value, as {@link #addInputGradient}
     * does for one given at its output.
     *
     * @param layer    a node of the compiled model
     * @param gradient d(objective)/d(pre-activation), row-major, batch first; read during the call only
     * @param into     d(objective)/d(input) is added to it, the length of the input batch; modified
     * @throws ShapeMismatchException when an array has the wrong length
     */
    default void addInputGradientFromPreActivation(Layer layer, double[] gradient, double[] into) {
        addGradient(layer, LayerValue.PRE_ACTIVATION, gradient, model().input(), BackwardRule.STANDARD, into);
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
