package org.saliency4j.cuda;

import java.util.Set;
import jcuda.Pointer;
import jcuda.jcudnn.JCudnn;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;

/**
 * Keras' Add, Subtract and Average of inputs of one shape: a copy of the first input, then cudnnAddTensor of each
 * other (negated for Subtract), in the CPU backend's order; Average then scales by {@code 1 / inputs}. Each input's
 * gradient is the output gradient, negated for Subtract's second input, scaled for Average. (Multiply, Maximum,
 * Minimum and Concatenate run on the host.)
 */
final class MergeLayer implements GpuLayer {
    private static final Set<LayerOp.MergeKind> KINDS =
            Set.of(LayerOp.MergeKind.ADD, LayerOp.MergeKind.SUBTRACT, LayerOp.MergeKind.AVERAGE);
    private final Gpu gpu;
    private final LayerOp.MergeKind kind;
    private final String name;

    MergeLayer(Gpu gpu, String name, LayerOp.MergeKind kind) {
        this.gpu = gpu;
        this.name = name;
        this.kind = kind;
    }

    /** Whether this class computes the layer: one of its kinds, every input of the output's shape. */
    static boolean supported(LayerOp.Merge op, Layer layer) {
        return KINDS.contains(op.kind())
                && layer.inbound().stream().allMatch(l -> l.outputShape().equals(layer.outputShape()));
    }

    @Override
    public Trace forward(DeviceBuffer[] inputs, int batch) {
        int count = inputs.length;
        DeviceBuffer y = inputs[0].copy(name + " output");
        try (Dnn.Tensor flat = Dnn.Tensor.nchw(1, 1, 1, (int) y.floats())) {
            Pointer sign = kind == LayerOp.MergeKind.SUBTRACT ? Gpu.scalar(-1f) : gpu.one;
            for (int k = 1; k < count; k++) {
                Status.dnn(JCudnn.cudnnAddTensor(gpu.handle, sign, flat.desc, inputs[k].pointer(), gpu.one, flat.desc,
                        y.pointer()), "cudnnAddTensor", name + " input " + k + ", " + flat.shape);
            }
            if (kind == LayerOp.MergeKind.AVERAGE) {
                Status.dnn(JCudnn.cudnnScaleTensor(gpu.handle, flat.desc, y.pointer(), Gpu.scalar(1f / count)),
                        "cudnnScaleTensor", name + " average of " + count + ", " + flat.shape);
            }
        } catch (RuntimeException e) {
            y.close();
            throw e;
        }
        return Trace.of(y, dy -> {
            DeviceBuffer[] dx = new DeviceBuffer[count];
            try (Dnn.Tensor flat = Dnn.Tensor.nchw(1, 1, 1, (int) dy.floats())) {
                for (int k = 0; k < count; k++) {
                    dx[k] = dy.copy(name + " input gradient " + k);
                    float factor = kind == LayerOp.MergeKind.AVERAGE ? 1f / count
                            : kind == LayerOp.MergeKind.SUBTRACT && k > 0 ? -1f : 1f;
                    if (factor != 1f) {
                        Status.dnn(JCudnn.cudnnScaleTensor(gpu.handle, flat.desc, dx[k].pointer(),
                                Gpu.scalar(factor)), "cudnnScaleTensor", name + " input gradient " + k);
                    }
                }
            } catch (RuntimeException e) {
                DeviceBuffer.closeAll(dx);
                throw e;
            }
            return dx;
        });
    }
}
