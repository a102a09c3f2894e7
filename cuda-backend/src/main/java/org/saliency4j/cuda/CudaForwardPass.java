package org.saliency4j.cuda;

import jcuda.jcudnn.JCudnn;
import org.jspecify.annotations.Nullable;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.model.Layer;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

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
    public Tensor output() {
        return output(compiled.model().output());
    }

    @Override
    public Tensor output(Layer layer) {
        return download(layer, output(opTraces, actTraces, compiled.graph().indexOf(layer)));
    }

    @Override
    public Tensor preActivation(Layer layer) {
        return download(layer, opTraces[compiled.graph().indexOf(layer)].output());
    }

    private Tensor download(Layer layer, DeviceBuffer buffer) {
        gpu.lock.lock();
        try {
            checkOpen();
            Layout layout = Layout.of(layer.outputShape());
            return Tensor.of(layer.outputShape().withBatch(batch), layout.toHost(buffer.download(), batch));
        } finally {
            gpu.lock.unlock();
        }
    }

    @Override
    public Tensor inputGradient(Layer layer, Tensor gradient) {
        int i = compiled.graph().indexOf(layer);
        gpu.lock.lock();
        try {
            checkOpen();
            DeviceBuffer g = upload(layer, gradient, "output");
            GpuLayer.Trace act = actTraces[i];
            if (act == null) {
                return propagate(i, g);
            }
            DeviceBuffer pre;
            try {
                pre = act.backward(g)[0];
            } finally {
                g.close();
            }
            return propagate(i, pre);
        } finally {
            gpu.lock.unlock();
        }
    }

    @Override
    public Tensor inputGradientFromPreActivation(Layer layer, Tensor gradient) {
        int i = compiled.graph().indexOf(layer);
        gpu.lock.lock();
        try {
            checkOpen();
            return propagate(i, upload(layer, gradient, "pre-activation"));
        } finally {
            gpu.lock.unlock();
        }
    }

    private DeviceBuffer upload(Layer layer, Tensor gradient, String what) {
        Shape expected = layer.outputShape().withBatch(batch);
        if (!gradient.shape().equals(expected)) {
            throw new ShapeMismatchException("gradient of shape " + gradient.shape() + " given at the " + what
                    + " of layer " + layer + ", whose " + what + " has shape " + expected);
        }
        return DeviceBuffer.of(Layout.of(layer.outputShape()).toDevice(gradient.toArray(), batch),
                "gradient at " + layer.name());
    }

    /** Walks back from node {@code start} (gradient given before its activation; owned) to the input. */
    private Tensor propagate(int start, DeviceBuffer startGradient) {
        DeviceBuffer[] atOutput = new DeviceBuffer[compiled.graph().size()];
        DeviceBuffer result = null;
        try {
            for (int i = start; i >= 0; i--) {
                DeviceBuffer g;
                if (i == start) {
                    g = startGradient;
                } else if (atOutput[i] == null) {
                    continue;
                } else {
                    GpuLayer.Trace act = actTraces[i];
                    g = act == null ? atOutput[i] : act.backward(atOutput[i])[0];
                    if (act != null) {
                        atOutput[i].close();
                    }
                    atOutput[i] = null;
                }
                int[] from = compiled.graph().inbound(i);
                if (from.length == 0) {
                    result = g;
                    continue;
                }
                DeviceBuffer[] toInputs;
                try {
                    toInputs = opTraces[i].backward(g);
                } finally {
                    g.close();
                }
                for (int k = 0; k < from.length; k++) {
                    accumulate(atOutput, from[k], toInputs[k]);
                }
            }
            Layer in = compiled.model().input();
            Layout layout = Layout.of(in.outputShape());
            float[] values = result == null ? new float[batch * layout.size()] : layout.toHost(result.download(), batch);
            return Tensor.of(in.outputShape().withBatch(batch), values);
        } finally {
            DeviceBuffer.closeAll(atOutput);
            if (result != null) {
                result.close();
            }
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
