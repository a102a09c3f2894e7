package org.saliency4j.cuda;

import jcuda.jcudnn.JCudnn;

/**
 * Keras' Flatten, in (h, w, c) order: the NCHW activation is rewritten in NHWC order by cudnnTransformTensor, and
 * the gradient back.
 */
final class FlattenLayer implements GpuLayer {
    private final Gpu gpu;
    private final Layout in;

    FlattenLayer(Gpu gpu, Layout in) {
        this.gpu = gpu;
        this.in = in;
    }

    private DeviceBuffer transform(DeviceBuffer src, int batch, boolean toChannelsLast, String what) {
        DeviceBuffer dst = DeviceBuffer.allocate(src.floats(), what);
        try (Dnn.Tensor nchw = Dnn.Tensor.nchw(batch, in.c, in.h, in.w);
             Dnn.Tensor nhwc = Dnn.Tensor.nhwc(batch, in.c, in.h, in.w)) {
            Dnn.Tensor from = toChannelsLast ? nchw : nhwc;
            Dnn.Tensor to = toChannelsLast ? nhwc : nchw;
            Status.dnn(JCudnn.cudnnTransformTensor(gpu.handle, gpu.one, from.desc, src.pointer(), gpu.zero, to.desc,
                    dst.pointer()), "cudnnTransformTensor", what + " " + from.shape + " -> " + to.shape);
        } catch (RuntimeException e) {
            dst.close();
            throw e;
        }
        return dst;
    }

    @Override
    public Trace forward(DeviceBuffer[] inputs, int batch) {
        DeviceBuffer y = transform(inputs[0], batch, true, "Flatten output");
        return Trace.of(y,
                gradOutput -> new DeviceBuffer[] {transform(gradOutput, batch, false, "Flatten input gradient")});
    }
}
