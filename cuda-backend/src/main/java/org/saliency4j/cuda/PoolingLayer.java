package org.saliency4j.cuda;

import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnPoolingMode;
import org.jspecify.annotations.Nullable;
import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * Max pooling (cuDNN's deterministic mode) and average pooling that excludes padding (as TensorFlow), forward and
 * backward. Asymmetric "same" padding for max pooling pads explicitly with the lowest float, which never wins a
 * window.
 */
final class PoolingLayer implements GpuLayer {
    private final Gpu gpu;
    private final Layout in;
    private final Layout out;
    private final ExplicitPadding padding;
    private final Dnn.Pooling pooling;
    private final String name;

    PoolingLayer(Gpu gpu, String name, LayerOp.Pooling2D op, Shape inShape, Shape outShape) {
        this.gpu = gpu;
        this.name = name;
        this.in = Layout.of(inShape);
        this.out = Layout.of(outShape);
        this.padding = new ExplicitPadding(op.padding(), in, op.poolH(), op.poolW(), op.strideH(), op.strideW());
        boolean max = op.mode() == LayerOp.PoolMode.MAX;
        if (!max && !padding.symmetric()) {
            throw new IllegalArgumentException("average pooling with asymmetric padding runs on the host");
        }
        int mode = max ? cudnnPoolingMode.CUDNN_POOLING_MAX_DETERMINISTIC
                : cudnnPoolingMode.CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING;
        this.pooling = padding.symmetric()
                ? new Dnn.Pooling(mode, op.poolH(), op.poolW(), padding.top, padding.left, op.strideH(), op.strideW())
                : new Dnn.Pooling(mode, op.poolH(), op.poolW(), 0, 0, op.strideH(), op.strideW());
    }

    /** Whether cuDNN can compute this pooling exactly as TensorFlow does. */
    static boolean supported(LayerOp.Pooling2D op, Shape inShape) {
        ExplicitPadding p = new ExplicitPadding(op.padding(), Layout.of(inShape), op.poolH(), op.poolW(),
                op.strideH(), op.strideW());
        return op.mode() == LayerOp.PoolMode.MAX || p.symmetric();
    }

    @Override
    public Trace forward(DeviceBuffer[] inputs, int batch) {
        Layout source = padding.symmetric() ? in : padding.padded();
        @Nullable DeviceBuffer padded = padding.symmetric() ? null : padding.pad(gpu, inputs[0], batch, -Float.MAX_VALUE);
        DeviceBuffer x = padded == null ? inputs[0] : padded;
        DeviceBuffer y = DeviceBuffer.allocate((long) batch * out.size(), name + " output " + out);
        try (Dnn.Tensor xDesc = source.descriptor(batch); Dnn.Tensor yDesc = out.descriptor(batch)) {
            Status.dnn(JCudnn.cudnnPoolingForward(gpu.handle, pooling.desc, gpu.one, xDesc.desc, x.pointer(), gpu.zero,
                    yDesc.desc, y.pointer()), "cudnnPoolingForward", name + ": " + xDesc.shape + " -> " + yDesc.shape);
        } catch (RuntimeException e) {
            y.close();
            if (padded != null) {
                padded.close();
            }
            throw e;
        }
        return new Trace() {
            @Override
            public DeviceBuffer output() {
                return y;
            }

            @Override
            public DeviceBuffer[] backward(DeviceBuffer dy) {
                DeviceBuffer dx = DeviceBuffer.allocate((long) batch * source.size(), name + " input gradient");
                try (Dnn.Tensor xDesc = source.descriptor(batch); Dnn.Tensor yDesc = out.descriptor(batch)) {
                    Status.dnn(JCudnn.cudnnPoolingBackward(gpu.handle, pooling.desc, gpu.one, yDesc.desc, y.pointer(),
                            yDesc.desc, dy.pointer(), xDesc.desc, x.pointer(), gpu.zero, xDesc.desc, dx.pointer()),
                            "cudnnPoolingBackward", name + ": " + yDesc.shape + " -> " + xDesc.shape);
                } catch (RuntimeException e) {
                    dx.close();
                    throw e;
                }
                if (padded == null) {
                    return new DeviceBuffer[] {dx};
                }
                try {
                    return new DeviceBuffer[] {padding.crop(gpu, dx, batch)};
                } finally {
                    dx.close();
                }
            }

            @Override
            public void close() {
                y.close();
                if (padded != null) {
                    padded.close();
                }
            }
        };
    }

    @Override
    public void close() {
        pooling.close();
    }
}
