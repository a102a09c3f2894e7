package org.saliency4j.cuda;

import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnActivationMode;
import org.jspecify.annotations.Nullable;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.backend.LayerValue;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;

/**
 * One forward pass on the GPU: every layer's output stays on the device until {@link #close()}. Values cross the
 * bus only when asked for: the input once, each requested output or pre-activation, each gradient seed and the
 * resulting input gradient.
 */
final class CudaForwardPass implements ForwardPass {
    private final CudaCompiledModel compiled;
    private final Gpu gpu;
    private final int batch;
    private final GpuLayer.Trace[] opTraces;
    private final @Nullable GpuLayer.Trace[] actTraces;
    private final DeviceBuffer input;
    private boolean closed;

    CudaForwardPass(CudaCompiledModel compiled, Gpu gpu, int batch, GpuLayer.Trace[] opTraces,
                    @Nullable GpuLayer.Trace[] actTraces, DeviceBuffer input) {
        this.compiled = compiled;
        this.gpu = gpu;
        this.batch = batch;
        this.opTraces = opTraces;
        this.actTraces = actTraces;
        this.input = input;
    }

    static DeviceBuffer output(GpuLayer.Trace[] opTraces, @Nullable GpuLayer.Trace[] actTraces, int i) {
        GpuLayer.Trace act = actTraces[i];
        return act == null ? opTraces[i].output() : act.output();
    }

    @Override
    public Model model() {
        return compiled.model();
    }

    @Override
    public int batchSize() {
        return batch;
    }

    @Override
    public void copyValue(Layer layer, LayerValue value, float[] into) {
        int i = compiled.graph().indexOf(layer);
        if (into.length != batch * layer.outputShape().size()) {
            throw new ShapeMismatchException("an array of " + into.length + " floats for the value of layer " + layer
                    + ", which has " + batch * layer.outputShape().size());
        }
        gpu.lock.lock();
        try {
            checkOpen();
            DeviceBuffer buffer = value == LayerValue.PRE_ACTIVATION ? opTraces[i].output()
                    : output(opTraces, actTraces, i);
            float[] host = Layout.of(layer.outputShape()).toHost(buffer.download(), batch);
            System.arraycopy(host, 0, into, 0, into.length);
        } finally {
            gpu.lock.unlock();
        }
    }

    @Override
    public void addGradient(Layer from, LayerValue at, double[] gradient, Layer to, BackwardRule rule,
            double[] into) {
        int start = compiled.graph().indexOf(from);
        int end = compiled.graph().backwardTarget(from, at, to);
        if (gradient.length != batch * from.outputShape().size()) {
            String what = at == LayerValue.PRE_ACTIVATION ? "pre-activation" : "output";
            throw new ShapeMismatchException("a gradient of " + gradient.length + " values given at the " + what
                    + " of layer " + from + ", whose " + what + " has shape " + from.outputShape().withBatch(batch));
        }
        if (into.length != batch * to.outputShape().size()) {
            throw new ShapeMismatchException("an array of " + into.length + " values for the gradient at the output "
                    + "of layer " + to + ", of shape " + to.outputShape().withBatch(batch));
        }
        float[] g = new float[gradient.length];
        for (int e = 0; e < g.length; e++) {
            g[e] = (float) gradient[e];
        }
        float[] result;
        gpu.lock.lock();
        try {
            checkOpen();
            DeviceBuffer given = DeviceBuffer.of(Layout.of(from.outputShape()).toDevice(g, batch),
                    "gradient at " + from.name());
            if (start == end) {
                result = download(to, given);
            } else {
                DeviceBuffer pre = at == LayerValue.PRE_ACTIVATION ? given : throughActivation(start, given, rule);
                result = propagate(start, pre, end, rule);
            }
        } finally {
            gpu.lock.unlock();
        }
        for (int e = 0; e < result.length; e++) {
            into[e] += result[e];
        }
    }

    /** The host values of a gradient at a layer's output, in Keras' order; frees the buffer. */
    private float[] download(Layer layer, DeviceBuffer buffer) {
        try {
            return Layout.of(layer.outputShape()).toHost(buffer.download(), batch);
        } finally {
            buffer.close();
        }
    }

    /** Back through node {@code i}'s activation, by the rule where it applies; frees {@code g} when it makes another. */
    private DeviceBuffer throughActivation(int i, DeviceBuffer g, BackwardRule rule) {
        GpuLayer.Trace act = actTraces[i];
        if (act == null) {
            return g;
        }
        boolean ruled = rule != BackwardRule.STANDARD && compiled.graph().ruleAppliesToActivation(i);
        if (ruled && rule == BackwardRule.DECONVNET) {
            return positivePart(g);
        }
        if (ruled && rule == BackwardRule.REDIRECTED) {
            return redirected(g, act.backward(g)[0]);
        }
        DeviceBuffer pre;
        try {
            pre = act.backward(g)[0];
        } finally {
            g.close();
        }
        return ruled ? positivePart(pre) : pre;
    }

    /** Back through node {@code i}'s operation, by the rule where it applies; frees {@code g}. */
    private DeviceBuffer[] throughOperation(int i, DeviceBuffer g, BackwardRule rule) {
        boolean ruled = rule != BackwardRule.STANDARD && compiled.graph().ruleAppliesToOperation(i);
        if (ruled && rule == BackwardRule.DECONVNET) {
            return new DeviceBuffer[] {positivePart(g)};
        }
        if (ruled && rule == BackwardRule.REDIRECTED) {
            return new DeviceBuffer[] {redirected(g, opTraces[i].backward(g)[0])};
        }
        DeviceBuffer[] toInputs;
        try {
            toInputs = opTraces[i].backward(g);
        } finally {
            g.close();
        }
        return ruled ? new DeviceBuffer[] {positivePart(toInputs[0])} : toInputs;
    }

    /**
     * The redirected rule, on the host: the standard gradient where it is not 0, else {@code max(g, 0)}. Used for a
     * visualisation's first steps only, so the round trip does not matter; frees both buffers.
     */
    private DeviceBuffer redirected(DeviceBuffer g, DeviceBuffer standard) {
        try (g; standard) {
            float[] given = g.download();
            float[] out = standard.download();
            for (int k = 0; k < out.length; k++) {
                if (out[k] == 0 && given[k] > 0) {
                    out[k] = given[k];
                }
            }
            return DeviceBuffer.of(out, "redirected ReLU gradient");
        }
    }

    /** {@code max(v, 0)} of every value, in place (cuDNN's relu), for the guided and deconvnet rules. */
    private DeviceBuffer positivePart(DeviceBuffer v) {
        try (Dnn.Tensor d = Dnn.Tensor.nchw(1, 1, 1, (int) v.floats());
             Dnn.Activation relu = new Dnn.Activation(cudnnActivationMode.CUDNN_ACTIVATION_RELU, 0)) {
            Status.dnn(JCudnn.cudnnActivationForward(gpu.handle, relu.desc, gpu.one, d.desc, v.pointer(), gpu.zero,
                    d.desc, v.pointer()), "cudnnActivationForward", "positive part of a gradient " + d.shape);
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
        return v;
    }

    /**
     * Walks back from node {@code start} (gradient given before its activation; owned) to the output of node
     * {@code end}, and returns the gradient there on the host.
     */
    private float[] propagate(int start, DeviceBuffer startGradient, int end, BackwardRule rule) {
        DeviceBuffer[] atOutput = new DeviceBuffer[compiled.graph().size()];
        try {
            for (int i = start; i > end; i--) {
                DeviceBuffer g;
                if (i == start) {
                    g = startGradient;
                } else if (atOutput[i] == null) {
                    continue;
                } else {
                    g = throughActivation(i, atOutput[i], rule);
                    atOutput[i] = null;
                }
                int[] from = compiled.graph().inbound(i);
                if (from.length == 0) {
                    g.close();
                    continue;
                }
                DeviceBuffer[] toInputs = throughOperation(i, g, rule);
                for (int k = 0; k < from.length; k++) {
                    accumulate(atOutput, from[k], toInputs[k]);
                }
            }
            Layer to = compiled.graph().node(end);
            DeviceBuffer result = atOutput[end];
            atOutput[end] = null;
            return result == null ? new float[batch * to.outputShape().size()] : download(to, result);
        } finally {
            DeviceBuffer.closeAll(atOutput);
        }
    }

    private void accumulate(DeviceBuffer[] atOutput, int node, DeviceBuffer gradient) {
        DeviceBuffer existing = atOutput[node];
        if (existing == null) {
            atOutput[node] = gradient;
            return;
        }
        try (Dnn.Tensor d = Dnn.Tensor.nchw(1, 1, 1, (int) gradient.floats())) {
            Status.dnn(JCudnn.cudnnAddTensor(gpu.handle, gpu.one, d.desc, gradient.pointer(), gpu.one, d.desc,
                    existing.pointer()), "cudnnAddTensor", "gradient sum " + d.shape);
        } finally {
            gradient.close();
        }
    }

    /** Must hold the lock. */
    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this forward pass is closed (its device memory is freed); run a new one");
        }
    }

    @Override
    public void close() {
        gpu.lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = opTraces.length - 1; i >= 0; i--) {
                GpuLayer.Trace act = actTraces[i];
                if (act != null) {
                    act.close();
                }
                if (opTraces[i] != null) {
                    opTraces[i].close();
                }
            }
            input.close();
        } finally {
            gpu.lock.unlock();
        }
    }
}
