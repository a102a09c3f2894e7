package org.saliency4j.cpu;

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

/** A model compiled into CPU kernels, one per node (plus one per non-linear activation). Immutable and thread-safe. */
final class CpuCompiledModel implements CompiledModel {
    private final Model model;
    private final List<Layer> nodes;
    private final Map<Layer, Integer> index = new IdentityHashMap<>();
    private final Kernel[] ops;
    private final @Nullable Kernel[] activations;
    private final int[][] inbound;

    CpuCompiledModel(Model model) {
        this.model = model;
        this.nodes = model.nodes();
        int n = nodes.size();
        ops = new Kernel[n];
        activations = new Kernel[n];
        inbound = new int[n][];
        for (int i = 0; i < n; i++) {
            index.put(nodes.get(i), i);
        }
        for (int i = 0; i < n; i++) {
            Layer l = nodes.get(i);
            inbound[i] = l.inbound().stream().mapToInt(index::get).toArray();
            List<Shape> ins = l.inbound().isEmpty() ? List.of(l.outputShape())
                    : l.inbound().stream().map(Layer::outputShape).toList();
            ops[i] = kernel(l.op(), ins, l.outputShape());
            activations[i] = l.activation() == Activation.LINEAR ? null
                    : new ActivationKernel(l.activation(), l.outputShape().dim(-1));
        }
    }

    private static Kernel kernel(LayerOp op, List<Shape> ins, Shape out) {
        Shape in = ins.get(0);
        if (op instanceof LayerOp.Conv2D c) {
            return new Conv2DKernel(c, in, out);
        }
        if (op instanceof LayerOp.Dense d) {
            return new DenseKernel(d, in);
        }
        if (op instanceof LayerOp.Pooling2D p) {
            return p.mode() == LayerOp.PoolMode.MAX ? new MaxPool2DKernel(p, in, out) : new AvgPool2DKernel(p, in, out);
        }
        if (op instanceof LayerOp.Relu r) {
            return new ReluKernel(r);
        }
        if (op instanceof LayerOp.Merge m) {
            return new MergeKernel(m.kind());
        }
        if (op instanceof LayerOp.Concatenate c) {
            return new ConcatenateKernel(c.axis(), ins);
        }
        if (op instanceof LayerOp.BatchNorm b) {
            return new ChannelAffineKernel(b);
        }
        if (op instanceof LayerOp.ZeroPadding2D z) {
            return new ZeroPaddingKernel(z, in);
        }
        if (op instanceof LayerOp.GlobalPooling2D g) {
            return new GlobalPoolingKernel(g, in);
        }
        if (op instanceof LayerOp.Affine a) {
            return new ChannelAffineKernel(a, in.dim(-1));
        }
        if (op instanceof LayerOp.Cropping2D c) {
            return ShapeKernels.crop(c, in, out);
        }
        if (op instanceof LayerOp.UpSampling2D u) {
            return ShapeKernels.upSample(u, in, out);
        }
        if (op instanceof LayerOp.Permute p) {
            return ShapeKernels.permute(p, in, out);
        }
        if (op instanceof LayerOp.PRelu p) {
            return new PReluKernel(p, in);
        }
        if (op instanceof LayerOp.DepthwiseConv2D d) {
            return new DepthwiseConv2DKernel(d, in, out);
        }
        if (op instanceof LayerOp.Input || op instanceof LayerOp.Flatten || op instanceof LayerOp.Dropout
                || op instanceof LayerOp.Identity || op instanceof LayerOp.Reshape) {
            return PassThroughKernel.INSTANCE;
        }
        throw new UnsupportedLayerException("the CPU backend has no kernel for " + op.getClass().getSimpleName());
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public ForwardPass forward(Tensor input) {
        Shape s = input.shape();
        int batch = model.batchSizeOf(s);
        int n = nodes.size();
        Trace[] opTraces = new Trace[n];
        @Nullable Trace[] actTraces = new Trace[n];
        float[] x = input.toArray();
        for (int i = 0; i < n; i++) {
            float[][] in;
            if (inbound[i].length == 0) {
                in = new float[][] {x};
            } else {
                in = new float[inbound[i].length][];
                for (int k = 0; k < in.length; k++) {
                    in[k] = output(opTraces, actTraces, inbound[i][k]);
                }
            }
            opTraces[i] = ops[i].forward(in, batch);
            Kernel act = activations[i];
            actTraces[i] = act == null ? null : act.forward(new float[][] {opTraces[i].output()}, batch);
        }
        return new CpuForwardPass(this, batch, opTraces, actTraces);
    }

    static float[] output(Trace[] opTraces, @Nullable Trace[] actTraces, int i) {
        Trace act = actTraces[i];
        return act == null ? opTraces[i].output() : act.output();
    }

    int indexOf(Layer layer) {
        Integer i = index.get(layer);
        if (i == null) {
            throw new IllegalArgumentException("layer " + layer + " is not part of compiled model '" + model.name()
                    + "' (a layer of another or of a truncated model?)");
        }
        return i;
    }

    Layer node(int i) {
        return nodes.get(i);
    }

    int[] inbound(int i) {
        return inbound[i];
    }

    int nodeCount() {
        return nodes.size();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
