package org.saliency4j.cuda;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saliency4j.UnsupportedLayerException;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** A model on the GPU: one {@link GpuLayer} per node and per non-linear activation, weights uploaded once. */
final class CudaCompiledModel implements CompiledModel {
    private final Gpu gpu;
    private final Model model;
    private final List<Layer> nodes;
    private final Map<Layer, Integer> index = new IdentityHashMap<>();
    private final GpuLayer[] ops;
    private final @Nullable GpuLayer[] activations;
    private final int[][] inbound;
    private boolean closed;

    CudaCompiledModel(Gpu gpu, Model model) {
        this.gpu = gpu;
        this.model = model;
        this.nodes = model.nodes();
        int n = nodes.size();
        ops = new GpuLayer[n];
        activations = new GpuLayer[n];
        inbound = new int[n][];
        for (int i = 0; i < n; i++) {
            index.put(nodes.get(i), i);
        }
        try {
            for (int i = 0; i < n; i++) {
                Layer l = nodes.get(i);
                inbound[i] = l.inbound().stream().mapToInt(index::get).toArray();
                Shape in = l.inbound().isEmpty() ? l.outputShape() : l.inbound().get(0).outputShape();
                ops[i] = op(l, in);
                activations[i] = activation(l);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private GpuLayer op(Layer l, Shape in) {
        Layout.of(l.outputShape());
        LayerOp op = l.op();
        if (op instanceof LayerOp.Conv2D c) {
            return ConvolutionLayer.conv(gpu, l.name(), c, in, l.outputShape());
        }
        if (op instanceof LayerOp.Dense d) {
            return ConvolutionLayer.dense(gpu, l.name(), d, in, l.outputShape());
        }
        if (op instanceof LayerOp.Pooling2D p) {
            return PoolingLayer.supported(p, in) ? new PoolingLayer(gpu, l.name(), p, in, l.outputShape())
                    : HostLayer.averagePool(p, in, l.outputShape());
        }
        if (op instanceof LayerOp.Flatten) {
            return in.rank() > 1 ? new FlattenLayer(gpu, Layout.of(in)) : new PassThroughLayer();
        }
        if (op instanceof LayerOp.Relu r) {
            return ActivationLayer.supported(r) ? ActivationLayer.of(gpu, Layout.of(in), r) : HostLayer.relu(r);
        }
        if (op instanceof LayerOp.Input || op instanceof LayerOp.Dropout || op instanceof LayerOp.Identity) {
            return new PassThroughLayer();
        }
        throw new UnsupportedLayerException("the CUDA backend has no kernel for layer " + l);
    }

    private @Nullable GpuLayer activation(Layer l) {
        Activation a = l.activation();
        if (a == Activation.LINEAR) {
            return null;
        }
        return ActivationLayer.supported(a) ? ActivationLayer.of(gpu, Layout.of(l.outputShape()), a)
                : HostLayer.softplus();
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public ForwardPass forward(Tensor input) {
        Shape s = input.shape();
        int batch = model.batchSizeOf(s);
        gpu.lock.lock();
        try {
            int n = nodes.size();
            GpuLayer.Trace[] opTraces = new GpuLayer.Trace[n];
            @Nullable GpuLayer.Trace[] actTraces = new GpuLayer.Trace[n];
            DeviceBuffer x = DeviceBuffer.of(Layout.of(model.inputShape()).toDevice(input.toArray(), batch),
                    "input " + s);
            CudaForwardPass pass = new CudaForwardPass(this, gpu, batch, opTraces, actTraces, x);
            try {
                for (int i = 0; i < n; i++) {
                    DeviceBuffer[] in = inbound[i].length == 0 ? new DeviceBuffer[] {x}
                            : new DeviceBuffer[inbound[i].length];
                    for (int k = 0; k < inbound[i].length; k++) {
                        in[k] = CudaForwardPass.output(opTraces, actTraces, inbound[i][k]);
                    }
                    opTraces[i] = ops[i].forward(in, batch);
                    GpuLayer act = activations[i];
                    actTraces[i] = act == null ? null : act.forward(new DeviceBuffer[] {opTraces[i].output()}, batch);
                }
            } catch (RuntimeException e) {
                pass.close();
                throw e;
            }
            return pass;
        } finally {
            gpu.lock.unlock();
        }
    }

    int indexOf(Layer layer) {
        Integer i = index.get(layer);
        if (i == null) {
            throw new IllegalArgumentException("layer " + layer + " is not part of compiled model '" + model.name() + "'");
        }
        return i;
    }

    int[] inbound(int i) {
        return inbound[i];
    }

    int nodeCount() {
        return nodes.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (GpuLayer l : ops) {
            if (l != null) {
                l.close();
            }
        }
        for (GpuLayer l : activations) {
            if (l != null) {
                l.close();
            }
        }
    }
}
