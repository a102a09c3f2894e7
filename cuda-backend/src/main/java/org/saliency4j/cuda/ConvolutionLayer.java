package org.saliency4j.cuda;

import java.util.HashMap;
import java.util.Map;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnConvolutionBwdDataAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionFwdAlgoPerf;
import jcuda.jcudnn.cudnnDeterminism;
import jcuda.jcudnn.cudnnStatus;
import org.jspecify.annotations.Nullable;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;

/**
 * Conv2D, DepthwiseConv2D as a grouped convolution, and Dense as a 1x1 convolution over the channels:
 * cudnnConvolutionForward, then the bias with
 * cudnnAddTensor; the input gradient with cudnnConvolutionBackwardData. Weights are uploaded once, in cuDNN's
 * (out, in, kh, kw) order. Algorithms are cuDNN's fastest deterministic ones for each batch size, chosen once.
 */
final class ConvolutionLayer implements GpuLayer {
    private final Gpu gpu;
    private final Layout in;
    private final Layout out;
    private final ExplicitPadding padding;
    private final Dnn.Filter filter;
    private final DeviceBuffer weights;
    private final @Nullable DeviceBuffer bias;
    private final Dnn.Convolution convolution;
    private final String name;
    /**
     * The algorithm chosen for each batch size, asked of cuDNN's heuristics once: asking on every pass cost more
     * than the convolutions (H200, cuDNN 9.19: a CNN5 step took 9.3 ms, and 1.3 ms with this cache). Used under
     * the GPU lock.
     */
    private final Map<Integer, Algorithm> forwardAlgorithms = new HashMap<>();
    private final Map<Integer, Algorithm> backwardAlgorithms = new HashMap<>();

    private ConvolutionLayer(Gpu gpu, String name, Shape inShape, Shape outShape, float[] kcrs, int k, int c, int r,
                             int s, float @Nullable [] biasValues, int strideH, int strideW, Padding pad, int groups) {
        this.gpu = gpu;
        this.name = name;
        this.in = Layout.of(inShape);
        this.out = Layout.of(outShape);
        this.padding = new ExplicitPadding(pad, in, r, s, strideH, strideW);
        this.filter = new Dnn.Filter(k, c, r, s);
        this.weights = DeviceBuffer.of(kcrs, name + " kernel " + filter.shape);
        this.bias = biasValues == null ? null : DeviceBuffer.of(biasValues, name + " bias");
        this.convolution = padding.symmetric() ? new Dnn.Convolution(padding.top, padding.left, strideH, strideW, groups)
                : new Dnn.Convolution(0, 0, strideH, strideW, groups);
    }

    static ConvolutionLayer conv(Gpu gpu, String name, LayerOp.Conv2D op, Shape in, Shape out) {
        return new ConvolutionLayer(gpu, name, in, out, kcrs(op), op.filters(), op.inChannels(), op.kernelH(),
                op.kernelW(), op.bias() == null ? null : op.bias().toArray(), op.strideH(), op.strideW(), op.padding(), 1);
    }

    static ConvolutionLayer dense(Gpu gpu, String name, LayerOp.Dense op, Shape in, Shape out) {
        return new ConvolutionLayer(gpu, name, in, out, kcrs(op), op.units(), op.inUnits(), 1, 1,
                op.bias() == null ? null : op.bias().toArray(), 1, 1, Padding.VALID, 1);
    }

    /**
     * DepthwiseConv2D as a grouped convolution, one group per input channel: cuDNN's output channel
     * {@code c * multiplier + m} comes from input channel {@code c}, as in Keras.
     */
    static ConvolutionLayer depthwise(Gpu gpu, String name, LayerOp.DepthwiseConv2D op, Shape in, Shape out) {
        Shape k = op.kernel().shape();
        return new ConvolutionLayer(gpu, name, in, out, kcrs(op), k.dim(2) * k.dim(3), 1, k.dim(0), k.dim(1),
                op.bias() == null ? null : op.bias().toArray(), op.strideH(), op.strideW(), op.padding(), k.dim(2));
    }

    /** Keras' (kh, kw, in, out) kernel in cuDNN's (out, in, kh, kw) order. */
    static float[] kcrs(LayerOp.Conv2D op) {
        return kcrs(op.kernel().toArray(), op.kernelH(), op.kernelW(), op.inChannels(), op.filters());
    }

    /**
     * Keras' (kh, kw, in, multiplier) depthwise kernel as cuDNN's (in * multiplier, 1, kh, kw) grouped filter: in
     * memory it is a (kh, kw, 1, in * multiplier) kernel, output channel {@code c * multiplier + m}.
     */
    static float[] kcrs(LayerOp.DepthwiseConv2D op) {
        Shape k = op.kernel().shape();
        return kcrs(op.kernel().toArray(), k.dim(0), k.dim(1), 1, k.dim(2) * k.dim(3));
    }

    /** Keras' (in, units) dense kernel as a (units, in, 1, 1) filter. */
    static float[] kcrs(LayerOp.Dense op) {
        return kcrs(op.kernel().toArray(), 1, 1, op.inUnits(), op.units());
    }

    /** The transposition itself: (kh, kw, ci, co) row-major to (co, ci, kh, kw). */
    private static float[] kcrs(float[] hwio, int kh, int kw, int ci, int co) {
        float[] kcrs = new float[hwio.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < ci; i++) {
                    for (int o = 0; o < co; o++) {
                        kcrs[((o * ci + i) * kh + y) * kw + x] = hwio[((y * kw + x) * ci + i) * co + o];
                    }
                }
            }
        }
        return kcrs;
    }

    @Override
    public Trace forward(DeviceBuffer[] inputs, int batch) {
        Layout source = padding.symmetric() ? in : padding.padded();
        DeviceBuffer padded = padding.symmetric() ? null : padding.pad(gpu, inputs[0], batch, 0f);
        DeviceBuffer x = padded == null ? inputs[0] : padded;
        DeviceBuffer y = DeviceBuffer.allocate((long) batch * out.size(), name + " output " + out);
        try (Dnn.Tensor xDesc = source.descriptor(batch); Dnn.Tensor yDesc = out.descriptor(batch)) {
            String shapes = name + ": " + xDesc.shape + " * " + filter.shape + " -> " + yDesc.shape;
            Algorithm best = forwardAlgorithms.computeIfAbsent(batch, b -> forwardAlgorithm(xDesc, yDesc, shapes));
            try (DeviceBuffer workspace = DeviceBuffer.allocate((best.workspaceBytes + 3) / 4, name + " workspace")) {
                Status.dnn(JCudnn.cudnnConvolutionForward(gpu.handle, gpu.one, xDesc.desc, x.pointer(), filter.desc,
                        weights.pointer(), convolution.desc, best.algo, workspace.pointer(), best.workspaceBytes,
                        gpu.zero, yDesc.desc, y.pointer()), "cudnnConvolutionForward", shapes + ", algorithm " + best.algo);
            }
            if (bias != null) {
                try (Dnn.Tensor biasDesc = Dnn.Tensor.nchw(1, out.c, 1, 1)) {
                    Status.dnn(JCudnn.cudnnAddTensor(gpu.handle, gpu.one, biasDesc.desc, bias.pointer(), gpu.one,
                            yDesc.desc, y.pointer()), "cudnnAddTensor", name + " bias " + biasDesc.shape + " + " + yDesc.shape);
                }
            }
        } catch (RuntimeException e) {
            y.close();
            if (padded != null) {
                padded.close();
            }
            throw e;
        }
        if (padded != null) {
            padded.close(); // the input gradient does not need the input
        }
        return Trace.of(y, gradOutput -> new DeviceBuffer[] {backwardData(gradOutput, batch)});
    }

    private DeviceBuffer backwardData(DeviceBuffer dy, int batch) {
        Layout target = padding.symmetric() ? in : padding.padded();
        DeviceBuffer dx = DeviceBuffer.allocate((long) batch * target.size(), name + " input gradient " + target);
        try (Dnn.Tensor dxDesc = target.descriptor(batch); Dnn.Tensor dyDesc = out.descriptor(batch)) {
            String shapes = name + ": " + dyDesc.shape + " * " + filter.shape + " -> " + dxDesc.shape;
            Algorithm best = backwardAlgorithms.computeIfAbsent(batch, b -> backwardAlgorithm(dyDesc, dxDesc, shapes));
            try (DeviceBuffer workspace = DeviceBuffer.allocate((best.workspaceBytes + 3) / 4, name + " workspace")) {
                Status.dnn(JCudnn.cudnnConvolutionBackwardData(gpu.handle, gpu.one, filter.desc, weights.pointer(),
                        dyDesc.desc, dy.pointer(), convolution.desc, best.algo, workspace.pointer(), best.workspaceBytes,
                        gpu.zero, dxDesc.desc, dx.pointer()), "cudnnConvolutionBackwardData",
                        shapes + ", algorithm " + best.algo);
            }
        } catch (RuntimeException e) {
            dx.close();
            throw e;
        }
        if (padding.symmetric()) {
            return dx;
        }
        try {
            return padding.crop(gpu, dx, batch);
        } finally {
            dx.close();
        }
    }

    /** cuDNN's fastest deterministic forward algorithm for these shapes, by its heuristics, with its workspace. */
    private Algorithm forwardAlgorithm(Dnn.Tensor xDesc, Dnn.Tensor yDesc, String shapes) {
        cudnnConvolutionFwdAlgoPerf[] perf = new cudnnConvolutionFwdAlgoPerf[8];
        int[] found = new int[1];
        Status.dnn(JCudnn.cudnnGetConvolutionForwardAlgorithm_v7(gpu.handle, xDesc.desc, filter.desc,
                convolution.desc, yDesc.desc, perf.length, found, perf), "cudnnGetConvolutionForwardAlgorithm_v7", shapes);
        for (int i = 0; i < found[0]; i++) {
            if (perf[i].status == cudnnStatus.CUDNN_STATUS_SUCCESS
                    && perf[i].determinism == cudnnDeterminism.CUDNN_DETERMINISTIC) {
                long[] bytes = new long[1];
                Status.dnn(JCudnn.cudnnGetConvolutionForwardWorkspaceSize(gpu.handle, xDesc.desc, filter.desc,
                        convolution.desc, yDesc.desc, perf[i].algo, bytes), "cudnnGetConvolutionForwardWorkspaceSize", shapes);
                return new Algorithm(perf[i].algo, bytes[0]);
            }
        }
        throw new CudaException("cudnnGetConvolutionForwardAlgorithm_v7 (" + shapes + ") found no deterministic algorithm");
    }

    /** cuDNN's fastest deterministic backward-data algorithm for these shapes, by its heuristics, with its workspace. */
    private Algorithm backwardAlgorithm(Dnn.Tensor dyDesc, Dnn.Tensor dxDesc, String shapes) {
        cudnnConvolutionBwdDataAlgoPerf[] perf = new cudnnConvolutionBwdDataAlgoPerf[8];
        int[] found = new int[1];
        Status.dnn(JCudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7(gpu.handle, filter.desc, dyDesc.desc,
                convolution.desc, dxDesc.desc, perf.length, found, perf),
                "cudnnGetConvolutionBackwardDataAlgorithm_v7", shapes);
        for (int i = 0; i < found[0]; i++) {
            if (perf[i].status == cudnnStatus.CUDNN_STATUS_SUCCESS
                    && perf[i].determinism == cudnnDeterminism.CUDNN_DETERMINISTIC) {
                long[] bytes = new long[1];
                Status.dnn(JCudnn.cudnnGetConvolutionBackwardDataWorkspaceSize(gpu.handle, filter.desc, dyDesc.desc,
                        convolution.desc, dxDesc.desc, perf[i].algo, bytes),
                        "cudnnGetConvolutionBackwardDataWorkspaceSize", shapes);
                return new Algorithm(perf[i].algo, bytes[0]);
            }
        }
        throw new CudaException("cudnnGetConvolutionBackwardDataAlgorithm_v7 (" + shapes
                + ") found no deterministic algorithm");
    }

    /** A chosen cuDNN algorithm and the workspace it needs, in bytes. */
    private record Algorithm(int algo, long workspaceBytes) {
    }

    @Override
    public void close() {
        weights.close();
        if (bias != null) {
            bias.close();
        }
        filter.close();
        convolution.close();
    }
}
