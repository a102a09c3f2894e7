package org.saliency4j.cuda;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.saliency4j.NonFiniteInputException;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.backend.NodeIndex;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model on the GPU: one {@link GpuLayer} per node and per non-linear activation, weights uploaded once. A layer
 * without a GPU kernel runs on the host through the CPU backend's kernel ({@link CpuFallbackLayer}), logged once.
 */
final class CudaCompiledModel implements CompiledModel {
    private static final Logger LOG = LoggerFactory.getLogger(CudaCompiledModel.class);
    private final Gpu gpu;
    private final Model model;
    private final NodeIndex graph;
    private final GpuLayer[] ops;
    private final @Nullable GpuLayer[] activations;
    /** The layers that run on the host through {@link CpuFallbackLayer}, for the log. */
    private final List<String> onHost = new ArrayList<>();
    private boolean closed;

    CudaCompiledModel(Gpu gpu, Model model) {
        this.gpu = gpu;
        this.model = model;
        this.graph = new NodeIndex(model);
        int n = graph.size();
        ops = new GpuLayer[n];
        activations = new GpuLayer[n];
        try {
            for (int i = 0; i < n; i++) {
                Layer l = graph.node(i);
                Shape in = l.inbound().isEmpty() ? l.outputShape() : l.inbound().get(0).outputShape();
                ops[i] = op(l, in);
                activations[i] = activation(l);
            }
            if (!onHost.isEmpty()) {
                LOG.info("model {}: the GPU has no kernel for {}; they run on the host with the CPU backend's kernels",
                        model.name(), String.join(", ", onHost));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private GpuLayer op(Layer l, Shape in) {
        Layout.requireSupported(l.outputShape());
        LayerOp op = l.op();
        if (op instanceof LayerOp.Conv2D c) {
            return ConvolutionLayer.conv(gpu, l.name(), c, in, l.outputShape());
        }
        if (op instanceof LayerOp.Dense d) {
            return ConvolutionLayer.dense(gpu, l.name(), d, in, l.outputShape());
        }
        if (op instanceof LayerOp.Pooling2D p) {
            return PoolingLayer.supported(p, in) ? new PoolingLayer(gpu, l.name(), p, in, l.outputShape())
                    : onHost(l.toString(), CpuFallbackLayer.of(l));
        }
        if (op instanceof LayerOp.Flatten) {
            return in.rank() > 1 ? new FlattenLayer(gpu, Layout.of(in)) : new PassThroughLayer();
        }
        if (op instanceof LayerOp.Relu r) {
            return ActivationLayer.supported(r) ? ActivationLayer.of(gpu, Layout.of(in), r)
                    : onHost(l.toString(), CpuFallbackLayer.of(l));
        }
        if (op instanceof LayerOp.Input || op instanceof LayerOp.Dropout || op instanceof LayerOp.Identity) {
            return new PassThroughLayer();
        }
        if (op instanceof LayerOp.DepthwiseConv2D d) {
            return ConvolutionLayer.depthwise(gpu, l.name(), d, in, l.outputShape());
        }
        if (op instanceof LayerOp.BatchNorm b) {
            return new ChannelAffineLayer(gpu, l.name(), b.folded(), in);
        }
        if (op instanceof LayerOp.Affine a) {
            return new ChannelAffineLayer(gpu, l.name(), a, in);
        }
        if (op instanceof LayerOp.ZeroPadding2D z) {
            return PaddingLayer.zeros(gpu, z, in);
        }
        if (op instanceof LayerOp.Cropping2D c) {
            return PaddingLayer.crop(gpu, c, l.outputShape());
        }
        if (op instanceof LayerOp.GlobalPooling2D g) {
            LayerOp.Pooling2D whole = new LayerOp.Pooling2D(g.mode(), in.dim(0), in.dim(1), in.dim(0), in.dim(1),
                    Padding.VALID);
            return new PoolingLayer(gpu, l.name(), whole, in, l.outputShape());
        }
        if (op instanceof LayerOp.Merge m && MergeLayer.supported(m, l)) {
            return new MergeLayer(gpu, l.name(), m.kind());
        }
        return onHost(l.toString(), CpuFallbackLayer.of(l));
    }

    /** Notes for the log that {@code what} (a layer or its activation) runs on the host; returns its host layer. */
    private GpuLayer onHost(String what, CpuFallbackLayer host) {
        onHost.add(what);
        return host;
    }

    private @Nullable GpuLayer activation(Layer l) {
        Activation a = l.activation();
        if (a == Activation.LINEAR) {
            return null;
        }
        return ActivationLayer.supported(a) ? ActivationLayer.of(gpu, Layout.of(l.outputShape()), a)
                : onHost(a.kerasName() + " of " + l, CpuFallbackLayer.activationOf(l));
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public ForwardPass forward(Tensor input) {
        Shape s = input.shape();
        int batch = model.batchSizeOf(s);
        float[] values = input.toArray();
        NonFiniteInputException.requireFinite("input image", s, values);
        gpu.lock.lock();
        try {
            int n = graph.size();
            GpuLayer.Trace[] opTraces = new GpuLayer.Trace[n];
            @Nullable GpuLayer.Trace[] actTraces = new GpuLayer.Trace[n];
            DeviceBuffer x = DeviceBuffer.of(Layout.of(model.inputShape()).toDevice(values, batch),
                    "input " + s);
            CudaForwardPass pass = new CudaForwardPass(this, gpu, batch, opTraces, actTraces, x);
            try {
                for (int i = 0; i < n; i++) {
                    DeviceBuffer[] in = graph.inbound(i).length == 0 ? new DeviceBuffer[] {x}
                            : new DeviceBuffer[graph.inbound(i).length];
                    for (int k = 0; k < graph.inbound(i).length; k++) {
                        in[k] = CudaForwardPass.output(opTraces, actTraces, graph.inbound(i)[k]);
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

    NodeIndex graph() {
        return graph;
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
