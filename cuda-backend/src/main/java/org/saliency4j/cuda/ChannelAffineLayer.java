package org.saliency4j.cuda;

import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnOpTensorOp;
import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * A per-channel affine map {@code y = x * scale[c] + offset[c]} (BatchNormalization at inference, folded as on the
 * CPU; Rescaling; Normalization): cudnnOpTensor multiplies by the broadcast scales, cudnnAddTensor adds the offsets.
 * The input gradient is {@code dy * scale[c]}.
 */
final class ChannelAffineLayer implements GpuLayer {
    private final Gpu gpu;
    private final Layout layout;
    private final DeviceBuffer scale;
    private final DeviceBuffer offset;
    private final Dnn.OpTensor multiply;
    private final String name;

    ChannelAffineLayer(Gpu gpu, String name, LayerOp.Affine op, Shape in) {
        this.gpu = gpu;
        this.name = name;
        this.layout = Layout.of(in);
        this.scale = DeviceBuffer.of(op.scaleOf(layout.c), name + " scales");
        this.offset = DeviceBuffer.of(op.offsetOf(layout.c), name + " offsets");
        this.multiply = new Dnn.OpTensor(cudnnOpTensorOp.CUDNN_OP_TENSOR_MUL);
    }

    @Override
    public Trace forward(DeviceBuffer[] inputs, int batch) {
        DeviceBuffer y = scaled(inputs[0], batch, name + " output " + layout);
        try (Dnn.Tensor yDesc = layout.descriptor(batch); Dnn.Tensor perChannel = Dnn.Tensor.nchw(1, layout.c, 1, 1)) {
            Status.dnn(JCudnn.cudnnAddTensor(gpu.handle, gpu.one, perChannel.desc, offset.pointer(), gpu.one, yDesc.desc,
                    y.pointer()), "cudnnAddTensor", name + " offsets " + perChannel.shape + " + " + yDesc.shape);
        } catch (RuntimeException e) {
            y.close();
            throw e;
        }
        return Trace.of(y, dy -> new DeviceBuffer[] {scaled(dy, batch, name + " input gradient " + layout)});
    }

    /** A new buffer holding {@code x * scale[c]}. */
    private DeviceBuffer scaled(DeviceBuffer x, int batch, String what) {
        DeviceBuffer out = DeviceBuffer.allocate((long) batch * layout.size(), what);
        try (Dnn.Tensor desc = layout.descriptor(batch); Dnn.Tensor perChannel = Dnn.Tensor.nchw(1, layout.c, 1, 1)) {
            Status.dnn(JCudnn.cudnnOpTensor(gpu.handle, multiply.desc, gpu.one, desc.desc, x.pointer(), gpu.one,
                    perChannel.desc, scale.pointer(), gpu.zero, desc.desc, out.pointer()), "cudnnOpTensor",
                    what + ": " + desc.shape + " * " + perChannel.shape);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    @Override
    public void close() {
        scale.close();
        offset.close();
        multiply.close();
    }
}
