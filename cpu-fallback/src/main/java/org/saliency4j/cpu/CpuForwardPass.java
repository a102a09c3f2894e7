package org.saliency4j.cpu;

import org.jspecify.annotations.Nullable;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.backend.LayerValue;
import org.saliency4j.backend.NodeIndex;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;

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
    public Model model() {
        return compiled.model();
    }

    @Override
    public int batchSize() {
        return batch;
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
    public void copyValue(Layer layer, LayerValue value, float[] into) {
        copyInto(layer, value, checkedValue(layer, batch, into), 0);
    }

    @Override
    public void addGradient(Layer from, LayerValue at, double[] gradient, Layer to, BackwardRule rule,
            double[] into) {
        int end = compiled.graph().backwardTarget(from, at, to);
        addGradientInto(from, at, checkedGradient(from, batch, gradient, at), 0, end, rule,
                checkedTarget(to, batch, into), 0);
    }

    /**
     * Copies a layer's value into an array that may hold a larger batch ({@link SplitForwardPass}): this pass's
     * samples go from {@code offset}.
     *
     * @param layer  the layer
     * @param value  which of its values
     * @param into   the destination; modified from {@code offset}, for this pass's samples
     * @param offset where this pass's first sample goes in {@code into}
     */
    void copyInto(Layer layer, LayerValue value, float[] into, int offset) {
        checkOpen();
        int i = compiled.graph().indexOf(layer);
        float[] v = value == LayerValue.PRE_ACTIVATION ? opTraces[i].output()
                : CpuCompiledModel.output(opTraces, actTraces, i);
        System.arraycopy(v, 0, into, offset, v.length);
    }

    /**
     * {@link #addGradient} for this pass's samples within arrays that may hold a larger batch
     * ({@link SplitForwardPass}): the gradient rounded to float, as {@code Tensor.ofDoubles} would round it, taken
     * back through the pass and added, widened.
     *
     * @param from           the layer where the gradient is given
     * @param at             the value of {@code from} it is given at
     * @param gradient       the gradient, this pass's samples from {@code gradientOffset}; not modified
     * @param gradientOffset where this pass's first sample starts in {@code gradient}
     * @param end            the number of the node at whose output the pass ends ({@link NodeIndex#backwardTarget})
     * @param rule           how to go back through ReLU activations
     * @param into           the gradient at the end; modified from {@code intoOffset}, for this pass's samples
     * @param intoOffset     where this pass's first sample starts in {@code into}
     */
    void addGradientInto(Layer from, LayerValue at, double[] gradient, int gradientOffset, int end,
            BackwardRule rule, double[] into, int intoOffset) {
        checkOpen();
        float[] g = scratch.floatsToOverwrite(batch * from.outputShape().size());
        for (int e = 0; e < g.length; e++) {
            g[e] = (float) gradient[gradientOffset + e];
        }
        float[] result = gradientOf(from, at, g, end, rule);
        for (int e = 0; e < result.length; e++) {
            into[intoOffset + e] += result[e];
        }
    }

    /**
     * The gradient at the output of node {@code end} for a gradient at a value of layer {@code from}.
     *
     * @param from the layer
     * @param at   the value of {@code from} that {@code g} is given at
     * @param g    the gradient, this pass's samples; not modified
     * @param end  the number of the node where the pass ends, checked by {@link NodeIndex#backwardTarget}
     * @param rule how to go back through ReLU activations
     * @return the gradient, an array of this pass (or {@code g}): to be copied before the pass closes
     */
    float[] gradientOf(Layer from, LayerValue at, float[] g, int end, BackwardRule rule) {
        checkOpen();
        int i = compiled.graph().indexOf(from);
        if (i == end) {
            return g;
        }
        return propagate(i, at == LayerValue.PRE_ACTIVATION ? g : throughActivation(i, g, rule), end, rule);
    }

    // The argument checks of a pass over `batch` samples, shared with SplitForwardPass.

    static float[] checkedValue(Layer layer, int batch, float[] into) {
        if (into.length != batch * layer.outputShape().size()) {
            throw new ShapeMismatchException("an array of " + into.length + " floats for the value of layer " + layer
                    + ", which has " + batch * layer.outputShape().size());
        }
        return into;
    }

    static double[] checkedGradient(Layer layer, int batch, double[] gradient, LayerValue at) {
        if (gradient.length != batch * layer.outputShape().size()) {
            String what = valueName(at);
            throw new ShapeMismatchException("a gradient of " + gradient.length + " values given at the " + what
                    + " of layer " + layer + ", whose " + what + " has shape " + layer.outputShape().withBatch(batch));
        }
        return gradient;
    }

    static double[] checkedTarget(Layer to, int batch, double[] into) {
        if (into.length != batch * to.outputShape().size()) {
            throw new ShapeMismatchException("an array of " + into.length + " values for the gradient at the output "
                    + "of layer " + to + ", of shape " + to.outputShape().withBatch(batch));
        }
        return into;
    }

    private static String valueName(LayerValue at) {
        return at == LayerValue.PRE_ACTIVATION ? "pre-activation" : "output";
    }

    /** Back through node {@code i}'s activation, by the rule where it applies ({@link NodeIndex}). */
    private float[] throughActivation(int i, float[] g, BackwardRule rule) {
        Trace act = actTraces[i];
        if (act == null) {
            return g;
        }
        if (rule == BackwardRule.STANDARD || !compiled.graph().ruleAppliesToActivation(i)) {
            return act.backward(g)[0];
        }
        if (rule == BackwardRule.REDIRECTED) {
            return redirected(act.backward(g)[0], g);
        }
        return rule == BackwardRule.GUIDED ? positivePart(act.backward(g)[0]) : positivePart(copy(g));
    }

    /** The redirected rule: the standard gradient where it is not 0, else the positive part of {@code g}; in place. */
    private static float[] redirected(float[] standard, float[] g) {
        for (int k = 0; k < standard.length; k++) {
            if (standard[k] == 0 && g[k] > 0) {
                standard[k] = g[k];
            }
        }
        return standard;
    }

    /** Back through node {@code i}'s operation to its inputs, by the rule where it applies ({@link NodeIndex}). */
    private float[][] throughOperation(int i, float[] g, BackwardRule rule) {
        if (rule == BackwardRule.STANDARD || !compiled.graph().ruleAppliesToOperation(i)) {
            return opTraces[i].backward(g);
        }
        if (rule == BackwardRule.REDIRECTED) {
            return scratch.one(redirected(opTraces[i].backward(g)[0], g));
        }
        return scratch.one(rule == BackwardRule.GUIDED ? positivePart(opTraces[i].backward(g)[0])
                : positivePart(copy(g)));
    }

    private float[] copy(float[] g) {
        float[] c = scratch.floatsToOverwrite(g.length);
        System.arraycopy(g, 0, c, 0, g.length);
        return c;
    }

    /** {@code v > 0 ? v : 0} in place: the rules' ReLU on a gradient. */
    private static float[] positivePart(float[] v) {
        for (int e = 0; e < v.length; e++) {
            v[e] = v[e] > 0 ? v[e] : 0f;
        }
        return v;
    }

    /**
     * Walks the graph backwards from node {@code start}, whose gradient before its activation is given, summing
     * the gradients of nodes that feed several others, down to the output of node {@code end}.
     *
     * @return the gradient at node {@code end}'s output; an array of the pass, to be copied before it closes
     */
    private float[] propagate(int start, float[] startGradient, int end, BackwardRule rule) {
        float[][] atOutput = new float[compiled.graph().size()][];
        for (int i = start; i > end; i--) {
            float[] g;
            if (i == start) {
                g = startGradient;
            } else if (atOutput[i] == null) {
                continue;
            } else {
                g = throughActivation(i, atOutput[i], rule);
            }
            int[] from = compiled.graph().inbound(i);
            if (from.length == 0) {
                continue;
            }
            float[][] toInputs = throughOperation(i, g, rule);
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
        float[] result = atOutput[end];
        return result != null ? result : scratch.floats(batch * compiled.graph().node(end).outputShape().size());
    }
}
