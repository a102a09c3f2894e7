package org.saliency4j.cpu;

import org.jspecify.annotations.Nullable;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** One CPU forward pass: the traces of every node, and the backward pass through them. */
final class CpuForwardPass implements ForwardPass {
    private final CpuCompiledModel compiled;
    private final int batch;
    private final Trace[] opTraces;
    private final @Nullable Trace[] actTraces;
    private final Scratch scratch;
    private boolean closed;

    CpuForwardPass(CpuCompiledModel compiled, int batch, Trace[] opTraces, @Nullable Trace[] actTraces,
            Scratch scratch) {
        this.scratch = scratch;
        this.compiled = compiled;
        this.batch = batch;
        this.opTraces = opTraces;
        this.actTraces = actTraces;
    }

    @Override
    public Tensor output() {
        return output(compiled.model().output());
    }

    /** Gives the pass's arrays back to the compiled model's pool; the tensors it returned are copies. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            scratch.release();
        }
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this forward pass is closed; run a new one");
        }
    }

    @Override
    public Tensor output(Layer layer) {
        checkOpen();
        int i = compiled.graph().indexOf(layer);
        return Tensor.of(shapeOf(layer), CpuCompiledModel.output(opTraces, actTraces, i));
    }

    @Override
    public Tensor preActivation(Layer layer) {
        checkOpen();
        return Tensor.of(shapeOf(layer), opTraces[compiled.graph().indexOf(layer)].output());
    }

    @Override
    public Tensor inputGradient(Layer layer, Tensor gradient) {
        return Tensor.of(shapeOf(compiled.model().input()),
                inputGradientOf(layer, false, checked(layer, batch, gradient, false)));
    }

    @Override
    public Tensor inputGradientFromPreActivation(Layer layer, Tensor gradient) {
        return Tensor.of(shapeOf(compiled.model().input()),
                inputGradientOf(layer, true, checked(layer, batch, gradient, true)));
    }

    @Override
    public void copyOutput(Layer layer, float[] into) {
        copyInto(layer, false, checkedValue(layer, batch, into), 0);
    }

    @Override
    public void copyPreActivation(Layer layer, float[] into) {
        copyInto(layer, true, checkedValue(layer, batch, into), 0);
    }

    @Override
    public void addInputGradient(Layer layer, double[] gradient, double[] into) {
        addInputGradientInto(layer, false, checkedGradient(layer, batch, gradient, false), 0,
                checkedInput(compiled.model(), batch, into), 0);
    }

    @Override
    public void addInputGradientFromPreActivation(Layer layer, double[] gradient, double[] into) {
        addInputGradientInto(layer, true, checkedGradient(layer, batch, gradient, true), 0,
                checkedInput(compiled.model(), batch, into), 0);
    }

    /**
     * Copies a layer's value into an array that may hold a larger batch ({@link SplitForwardPass}): this pass's
     * samples go from {@code offset}.
     *
     * @param layer         the layer
     * @param preActivation whether the value before the layer's activation is copied
     * @param into          the destination; modified from {@code offset}, for this pass's samples
     * @param offset        where this pass's first sample goes in {@code into}
     */
    void copyInto(Layer layer, boolean preActivation, float[] into, int offset) {
        checkOpen();
        int i = compiled.graph().indexOf(layer);
        float[] value = preActivation ? opTraces[i].output() : CpuCompiledModel.output(opTraces, actTraces, i);
        System.arraycopy(value, 0, into, offset, value.length);
    }

    /**
     * {@link #addInputGradient} (with {@code preActivation}, {@link #addInputGradientFromPreActivation}) for this
     * pass's samples within arrays that may hold a larger batch ({@link SplitForwardPass}): the gradient rounded to
     * float, as {@code Tensor.ofDoubles} would round it, taken back through the pass and added, widened.
     *
     * @param layer          the layer
     * @param preActivation  whether the gradient is given before the layer's activation
     * @param gradient       the gradient at the layer, this pass's samples from {@code gradientOffset}; not modified
     * @param gradientOffset where this pass's first sample starts in {@code gradient}
     * @param into           the input gradient; modified from {@code intoOffset}, for this pass's samples
     * @param intoOffset     where this pass's first sample starts in {@code into}
     */
    void addInputGradientInto(Layer layer, boolean preActivation, double[] gradient, int gradientOffset,
            double[] into, int intoOffset) {
        checkOpen();
        float[] g = scratch.floatsToOverwrite(batch * layer.outputShape().size());
        for (int e = 0; e < g.length; e++) {
            g[e] = (float) gradient[gradientOffset + e];
        }
        float[] inputGradient = inputGradientOf(layer, preActivation, g);
        for (int e = 0; e < inputGradient.length; e++) {
            into[intoOffset + e] += inputGradient[e];
        }
    }

    /**
     * The input gradient of this pass's samples for a gradient at a layer's output or pre-activation value.
     *
     * @param layer         the layer
     * @param preActivation whether {@code g} is given before the layer's activation
     * @param g             the gradient, this pass's samples; not modified
     * @return the input gradient, an array of this pass (or {@code g}): to be copied before the pass closes
     */
    float[] inputGradientOf(Layer layer, boolean preActivation, float[] g) {
        checkOpen();
        int i = compiled.graph().indexOf(layer);
        Trace act = actTraces[i];
        return propagate(i, preActivation || act == null ? g : act.backward(g)[0]);
    }

    // The argument checks of a pass over `batch` samples, shared with SplitForwardPass.

    static float[] checkedValue(Layer layer, int batch, float[] into) {
        if (into.length != batch * layer.outputShape().size()) {
            throw new ShapeMismatchException("an array of " + into.length + " floats for the value of layer " + layer
                    + ", which has " + batch * layer.outputShape().size());
        }
        return into;
    }

    static double[] checkedGradient(Layer layer, int batch, double[] gradient, boolean preActivation) {
        if (gradient.length != batch * layer.outputShape().size()) {
            String what = valueName(preActivation);
            throw new ShapeMismatchException("a gradient of " + gradient.length + " values given at the " + what
                    + " of layer " + layer + ", whose " + what + " has shape " + layer.outputShape().withBatch(batch));
        }
        return gradient;
    }

    static double[] checkedInput(Model model, int batch, double[] into) {
        if (into.length != batch * model.input().outputShape().size()) {
            throw new ShapeMismatchException("an array of " + into.length + " values for an input gradient of shape "
                    + model.input().outputShape().withBatch(batch));
        }
        return into;
    }

    private static String valueName(boolean preActivation) {
        return preActivation ? "pre-activation" : "output";
    }

    /** @return the gradient's values, when its shape is the layer's value's for {@code batch} samples */
    static float[] checked(Layer layer, int batch, Tensor gradient, boolean preActivation) {
        Shape expected = layer.outputShape().withBatch(batch);
        if (!gradient.shape().equals(expected)) {
            String what = valueName(preActivation);
            throw new ShapeMismatchException("gradient of shape " + gradient.shape() + " given at the " + what
                    + " of layer " + layer + ", whose " + what + " has shape " + expected);
        }
        return gradient.toArray();
    }

    private Shape shapeOf(Layer layer) {
        return layer.outputShape().withBatch(batch);
    }

    /**
     * Walks the graph backwards from node {@code start}, whose gradient before its activation is given, summing
     * the gradients of nodes that feed several others, down to the input.
     *
     * @return the input gradient; an array of the pass (or {@code startGradient}), to be copied before it closes
     */
    private float[] propagate(int start, float[] startGradient) {
        float[][] atOutput = new float[compiled.graph().size()][];
        float[] inputGradient = null;
        for (int i = start; i >= 0; i--) {
            float[] g;
            if (i == start) {
                g = startGradient;
            } else if (atOutput[i] == null) {
                continue;
            } else {
                Trace act = actTraces[i];
                g = act == null ? atOutput[i] : act.backward(atOutput[i])[0];
            }
            int[] from = compiled.graph().inbound(i);
            if (from.length == 0) {
                inputGradient = g;
                continue;
            }
            float[][] toInputs = opTraces[i].backward(g);
            for (int k = 0; k < from.length; k++) {
                float[] existing = atOutput[from[k]];
                if (existing == null) {
                    atOutput[from[k]] = toInputs[k];
                } else {
                    for (int e = 0; e < existing.length; e++) {
                        existing[e] += toInputs[k][e];
                    }
                }
            }
        }
        if (inputGradient == null) {
            inputGradient = scratch.floats(shapeOf(compiled.model().input()).size());
        }
        return inputGradient;
    }
}
