package org.saliency4j.cuda;

import org.saliency4j.model.LayerOp;
import org.saliency4j.tensor.Shape;

/**
 * ZeroPadding2D, a copy into a zero-filled larger buffer whose gradient is cropped back out, and Cropping2D, the
 * reverse: both through {@link ExplicitPadding}'s strided windows (cudnnTransformTensor).
 */
final class PaddingLayer implements GpuLayer {
    private final Gpu gpu;
    /** The rows and columns around the smaller of the two tensors. */
    private final ExplicitPadding sides;
    /** Whether the forward pass removes the sides (Cropping2D) rather than adds them. */
    private final boolean crop;

    private PaddingLayer(Gpu gpu, ExplicitPadding sides, boolean crop) {
        this.gpu = gpu;
        this.sides = sides;
        this.crop = crop;
    }

    static PaddingLayer zeros(Gpu gpu, LayerOp.ZeroPadding2D op, Shape in) {
        return new PaddingLayer(gpu, ExplicitPadding.sides(Layout.of(in), op.top(), op.bottom(), op.left(), op.right()),
                false);
    }

    static PaddingLayer crop(Gpu gpu, LayerOp.Cropping2D op, Shape out) {
        return new PaddingLayer(gpu, ExplicitPadding.sides(Layout.of(out), op.top(), op.bottom(), op.left(), op.right()),
                true);
    }

    @Override
    public Trace forward(DeviceBuffer[] inputs, int batch) {
        DeviceBuffer y = crop ? sides.crop(gpu, inputs[0], batch) : sides.pad(gpu, inputs[0], batch, 0f);
        return Trace.of(y, dy -> new DeviceBuffer[] {crop ? sides.pad(gpu, dy, batch, 0f) : sides.crop(gpu, dy, batch)});
    }
}
