package org.saliency4j.cpu;

import org.jspecify.annotations.Nullable;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.model.Layer;
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
        checkOpen();
        int i = compiled.graph().indexOf(layer);
        float[] g = checked(layer, gradient, "output");
        Trace act = actTraces[i];
        return Tensor.of(shapeOf(compiled.model().input()), propagate(i, act == null ? g : act.backward(g)[0]));
    }

    @Override
    public Tensor inputGradientFromPreActivation(Layer layer, Tensor gradient) {
        checkOpen();
        return Tensor.of(shapeOf(compiled.model().input()),
                propagate(compiled.graph().indexOf(layer), checked(layer, gradient, "pre-activation")));
    }

    @Override
    public void copyOutput(Layer layer, float[] into) {
        checkOpen();
        copy(CpuCompiledModel.output(opTraces, actTraces, compiled.graph().indexOf(layer)), into, layer);
    }

    @Override
    public void copyPreActivation(Layer layer, float[] into) {
        checkOpen();
        copy(opTraces[compiled.graph().indexOf(layer)].output(), into, layer);
    }

    @Override
    public void addInputGradient(Layer layer, double[] gradient, double[] into) {
        checkOpen();
        int i = compiled.graph().indexOf(layer);
        float[] g = rounded(layer, gradient, "output");
        Trace act = actTraces[i];
        add(propagate(i, act == null ? g : act.backward(g)[0]), into);
    }

    @Override
    public void addInputGradientFromPreActivation(Layer layer, double[] gradient, double[] into) {
        checkOpen();
        add(propagate(compiled.graph().indexOf(layer), rounded(layer, gradient, "pre-activation")), into);
    }

    private static void copy(float[] value, float[] into, Layer layer) {
        if (value.length != into.length) {
            throw new ShapeMismatchException("an array of " + into.length + " floats for the value of layer " + layer
                    + ", which has " + value.length);
        }
        System.arraycopy(value, 0, into, 0, into.length);
    }

    /** The gradient rounded to float into a pooled array, as {@code Tensor.ofDoubles} would round it. */
    private float[] rounded(Layer layer, double[] gradient, String what) {
        if (gradient.length != batch * layer.outputShape().size()) {
            throw new ShapeMismatchException("a gradient of " + gradient.length + " values given at the " + what
                    + " of layer " + layer + ", whose " + what + " has shape " + shapeOf(layer));
        }
        float[] g = scratch.floatsToOverwrite(gradient.length);
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) gradient[i];
        }
        return g;
    }

    private void add(float[] inputGradient, double[] into) {
        if (inputGradient.length != into.length) {
            throw new ShapeMismatchException("an array of " + into.length + " values for an input gradient of shape "
                    + shapeOf(compiled.model().input()));
        }
        for (int i = 0; i < into.length; i++) {
            into[i] += inputGradient[i];
        }
    }

    private Shape shapeOf(Layer layer) {
        return layer.outputShape().withBatch(batch);
    }

    private float[] checked(Layer layer, Tensor gradient, String what) {
        Shape expected = shapeOf(layer);
        if (!gradient.shape().equals(expected)) {
            throw new ShapeMismatchException("gradient of shape " + gradient.shape() + " given at the " + what
                    + " of layer " + layer + ", whose " + what + " has shape " + expected);
        }
        return gradient.toArray();
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
