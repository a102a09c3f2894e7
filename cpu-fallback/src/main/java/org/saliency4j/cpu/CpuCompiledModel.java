package org.saliency4j.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.saliency4j.NonFiniteInputException;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.UnsupportedLayerException;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.backend.NodeIndex;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Flops;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * A model compiled into CPU kernels, one per node (plus one per non-linear activation). Thread-safe. A batch runs
 * either as one pass whose kernels share each layer's work among the threads, or, where
 * {@link SplitForwardPass#groups} says so, as one pass per thread's group of samples. Each pass runs on the plain
 * loops or on the vector kernels, as {@link VectorPolicy} says; each set of kernels is made when first used.
 */
final class CpuCompiledModel implements CompiledModel {
    private final Model model;
    private final NodeIndex graph;
    /** Forward FLOPs of one sample, for {@link VectorPolicy}. */
    private final double flopsPerSample;
    private final VectorPolicy policy;
    private @Nullable Kernels plain;
    private @Nullable Kernels vector;
    /** The arrays of closed passes, for the next ones. */
    private final Scratch.Pool pool = new Scratch.Pool();
    /**
     * One pool per group of a split pass (group 0 shares {@link #pool}), so that a group's arrays come back to it
     * and stay in the cache of the thread that runs it; from one shared pool they changed groups every step.
     */
    private final List<Scratch.Pool> groupPools = new ArrayList<>(List.of(pool));
    private final boolean splitBatches;

    /** @param model the model; every layer must have a kernel */
    CpuCompiledModel(Model model) {
        this(model, true);
    }

    /**
     * @param model        the model; every layer must have a kernel
     * @param splitBatches whether a batch runs as one pass per thread's group of samples ({@link SplitForwardPass})
     *                     when there are several threads, or as one pass whose kernels share each layer's work
     */
    CpuCompiledModel(Model model, boolean splitBatches) {
        this(model, splitBatches, VectorPolicy.PROCESS);
    }

    /**
     * @param model        the model; every layer must have a kernel
     * @param splitBatches whether a batch may run as one pass per thread's group of samples
     * @param policy       which passes run the vector kernels
     */
    CpuCompiledModel(Model model, boolean splitBatches, VectorPolicy policy) {
        this.policy = policy;
        this.splitBatches = splitBatches;
        this.model = model;
        this.graph = new NodeIndex(model);
        this.flopsPerSample = Flops.forward(model);
        // Every layer gets its kernel now, so that an unsupported layer fails here; the other set (which doubles
        // the weights' memory) is made only if the policy changes its mind.
        kernels(policy.likely(Simd.available(), flopsPerSample) ? Simd.loops() : null);
    }

    /** The kernels of every node and activation, on one kind of loops. */
    private record Kernels(Kernel[] ops, @Nullable Kernel[] activations) {
    }

    /** The kernels on the given loops (null: the plain loops), made on first use. */
    private synchronized Kernels kernels(@Nullable FastLoops loops) {
        Kernels k = loops == null ? plain : vector;
        if (k == null) {
            int n = graph.size();
            Kernel[] ops = new Kernel[n];
            Kernel[] activations = new Kernel[n];
            for (int i = 0; i < n; i++) {
                Layer l = graph.node(i);
                ops[i] = kernel(l, loops);
                activations[i] = l.activation() == Activation.LINEAR ? null : activation(l, loops);
            }
            k = new Kernels(ops, activations);
            if (loops == null) {
                plain = k;
            } else {
                vector = k;
            }
        }
        return k;
    }

    /** The kernels a pass of {@code batch} samples runs on. */
    private Kernels kernelsFor(int batch) {
        return kernels(policy.forPass(Simd.available(), flopsPerSample * batch) ? Simd.loops() : null);
    }

    @Override
    public void announceWork(long samplePasses) {
        policy.announce(flopsPerSample * samplePasses);
    }

    @Override
    public void announceForwardWork(long samplePasses) {
        policy.announce(VectorPolicy.FORWARD_ONLY_WEIGHT * flopsPerSample * samplePasses);
    }

    /** On the kernels' own team of threads, which would otherwise spin beside a second pool's. */
    @Override
    public void forEachItem(int n, IntConsumer body) {
        Parallel.forEach(n, Long.MAX_VALUE, body);
    }

    /** The kernel of a layer's (non-linear) activation, on the vector loops where the JVM has them. */
    static Kernel activation(Layer l) {
        return activation(l, Simd.loops());
    }

    private static Kernel activation(Layer l, @Nullable FastLoops loops) {
        return new ActivationKernel(l.activation(), l.outputShape().dim(-1), loops);
    }

    /**
     * The kernel of a layer's operation (not its activation), for the layer's inbound and output shapes, on the
     * vector loops where the JVM has them.
     */
    static Kernel kernel(Layer l) {
        return kernel(l, Simd.loops());
    }

    private static Kernel kernel(Layer l, @Nullable FastLoops loops) {
        List<Shape> ins = l.inbound().isEmpty() ? List.of(l.outputShape())
                : l.inbound().stream().map(Layer::outputShape).toList();
        return kernel(l.op(), ins, l.outputShape(), loops);
    }

    private static Kernel kernel(LayerOp op, List<Shape> ins, Shape out, @Nullable FastLoops loops) {
        Shape in = ins.get(0);
        if (op instanceof LayerOp.Conv2D c) {
            return new Conv2DKernel(c, in, out, loops);
        }
        if (op instanceof LayerOp.Dense d) {
            return new DenseKernel(d, in, loops);
        }
        if (op instanceof LayerOp.Pooling2D p) {
            return p.mode() == LayerOp.PoolMode.MAX ? new MaxPool2DKernel(p, in, out, loops)
                    : new AvgPool2DKernel(p, in, out);
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
            return new ChannelAffineKernel(b.folded(), in.dim(-1));
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
        int batch = model.batchSizeOf(input.shape());
        float[] x = input.toArray();
        NonFiniteInputException.requireFinite("input image", input.shape(), x);
        Kernels kernels = kernelsFor(batch);
        int groups = groups(batch);
        if (groups == 1) {
            return run(kernels, batch, x, pool.scratch());
        }
        int per = x.length / batch;
        return split(kernels, batch, groups, (from, to, scratch) -> {
            float[] part = scratch.floatsToOverwrite((to - from) * per);
            System.arraycopy(x, from * per, part, 0, part.length);
            return part;
        });
    }

    /** Rounds the batch to float into a pooled array, as {@link Tensor#ofDoubles} would, and runs it. */
    @Override
    public ForwardPass forward(Shape shape, double[] input) {
        int batch = model.batchSizeOf(shape);
        if (input.length != shape.size()) {
            throw new ShapeMismatchException(input.length + " values given for a batch of shape " + shape);
        }
        NonFiniteInputException.requireFinite("input image", shape, input);
        Kernels kernels = kernelsFor(batch);
        int groups = groups(batch);
        if (groups == 1) {
            Scratch scratch = pool.scratch();
            return run(kernels, batch, rounded(input, 0, input.length, scratch), scratch);
        }
        int per = input.length / batch;
        return split(kernels, batch, groups, (from, to, scratch) -> rounded(input, from * per, to * per, scratch));
    }

    /** Values [from, to) of the input, rounded to float into an array of the scratch. */
    private static float[] rounded(double[] input, int from, int to, Scratch scratch) {
        float[] x = scratch.floatsToOverwrite(to - from);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) input[from + i];
        }
        return x;
    }

    private int groups(int batch) {
        return splitBatches ? SplitForwardPass.groups(batch) : 1;
    }

    private synchronized Scratch.Pool groupPool(int group) {
        while (groupPools.size() <= group) {
            groupPools.add(new Scratch.Pool());
        }
        return groupPools.get(group);
    }

    /** The input of samples [from, to) in an array of a pass's scratch. */
    private interface SampleSlice {
        float[] floats(int from, int to, Scratch scratch);
    }

    /** Runs the batch as one pass per group of samples, the groups on the parallel threads. */
    private ForwardPass split(Kernels kernels, int batch, int groups, SampleSlice input) {
        int[] first = SplitForwardPass.firstSamples(batch, groups);
        CpuForwardPass[] parts = new CpuForwardPass[first.length - 1];
        try {
            Parallel.forEach(parts.length, Long.MAX_VALUE, k -> {
                Scratch scratch = groupPool(k).scratch();
                parts[k] = run(kernels, first[k + 1] - first[k], input.floats(first[k], first[k + 1], scratch),
                        scratch);
            });
        } catch (RuntimeException | Error e) {
            for (CpuForwardPass p : parts) {
                if (p != null) {
                    p.close();
                }
            }
            throw e;
        }
        return new SplitForwardPass(model, graph, parts, first);
    }

    private CpuForwardPass run(Kernels kernels, int batch, float[] x, Scratch scratch) {
        int n = graph.size();
        Trace[] opTraces = new Trace[n];
        @Nullable Trace[] actTraces = new Trace[n];
        for (int i = 0; i < n; i++) {
            float[][] in;
            if (graph.inbound(i).length == 0) {
                in = scratch.one(x);
            } else if (graph.inbound(i).length == 1) {
                in = scratch.one(output(opTraces, actTraces, graph.inbound(i)[0]));
            } else {
                in = new float[graph.inbound(i).length][];
                for (int k = 0; k < in.length; k++) {
                    in[k] = output(opTraces, actTraces, graph.inbound(i)[k]);
                }
            }
            opTraces[i] = kernels.ops()[i].forward(in, batch, scratch);
            Kernel act = kernels.activations()[i];
            actTraces[i] = act == null ? null : act.forward(scratch.one(opTraces[i].output()), batch, scratch);
        }
        return new CpuForwardPass(this, batch, opTraces, actTraces, scratch);
    }

    static float[] output(Trace[] opTraces, @Nullable Trace[] actTraces, int i) {
        Trace act = actTraces[i];
        return act == null ? opTraces[i].output() : act.output();
    }

    NodeIndex graph() {
        return graph;
    }

    @Override
    public synchronized void close() {
        for (Scratch.Pool p : groupPools) {
            p.clear();
        }
    }
}
