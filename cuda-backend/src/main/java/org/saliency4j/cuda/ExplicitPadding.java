package org.saliency4j.cuda;

import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.jcudnn.JCudnn;
import org.saliency4j.model.Padding;

/**
 * TensorFlow's "same" padding puts the odd row or column after the input; cuDNN pads symmetrically. Where the two
 * differ the input is copied into a larger buffer filled with the padding value (cudnnTransformTensor into a
 * strided window), and the gradient is cropped back out of the larger buffer the same way.
 */
final class ExplicitPadding {
    final int top;
    final int bottom;
    final int left;
    final int right;
    private final Layout in;

    ExplicitPadding(Padding padding, Layout in, int windowH, int windowW, int strideH, int strideW) {
        this.in = in;
        top = padding.padBefore(in.h, windowH, strideH);
        left = padding.padBefore(in.w, windowW, strideW);
        int outH = padding.outputSize(in.h, windowH, strideH);
        int outW = padding.outputSize(in.w, windowW, strideW);
        bottom = Math.max((outH - 1) * strideH + windowH - in.h, 0) - top;
        right = Math.max((outW - 1) * strideW + windowW - in.w, 0) - left;
    }

    private ExplicitPadding(Layout in, int top, int bottom, int left, int right) {
        this.in = in;
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    /** Given rows and columns around {@code in} (ZeroPadding2D's, or those Cropping2D removes). */
    static ExplicitPadding sides(Layout in, int top, int bottom, int left, int right) {
        return new ExplicitPadding(in, top, bottom, left, right);
    }

    /** Whether cuDNN's own symmetric padding gives TensorFlow's windows. */
    boolean symmetric() {
        return padding() == Padding.VALID || (top == bottom && left == right);
    }

    private Padding padding() {
        return top + bottom + left + right == 0 ? Padding.VALID : Padding.SAME;
    }

    Layout padded() {
        return Layout.of(org.saliency4j.tensor.Shape.of(in.h + top + bottom, in.w + left + right, in.c));
    }

    /** A new buffer of the padded size holding {@code fill} around a copy of {@code x}. */
    DeviceBuffer pad(Gpu gpu, DeviceBuffer x, int batch, float fill) {
        Layout p = padded();
        DeviceBuffer out = DeviceBuffer.allocate((long) batch * p.size(), "padded input " + p);
        try (Dnn.Tensor whole = p.descriptor(batch);
             Dnn.Tensor window = Dnn.Tensor.window(batch, in.c, in.h, in.w, p.h, p.w);
             Dnn.Tensor dense = in.descriptor(batch)) {
            Status.dnn(JCudnn.cudnnSetTensor(gpu.handle, whole.desc, out.pointer(), Gpu.scalar(fill)),
                    "cudnnSetTensor", whole.shape);
            Status.dnn(JCudnn.cudnnTransformTensor(gpu.handle, gpu.one, dense.desc, x.pointer(), gpu.zero, window.desc,
                    interior(out, p)), "cudnnTransformTensor", dense.shape + " into " + window.shape);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** A new dense buffer with the interior of a padded one. */
    DeviceBuffer crop(Gpu gpu, DeviceBuffer padded, int batch) {
        Layout p = padded();
        DeviceBuffer out = DeviceBuffer.allocate((long) batch * in.size(), "cropped gradient " + in);
        try (Dnn.Tensor window = Dnn.Tensor.window(batch, in.c, in.h, in.w, p.h, p.w);
             Dnn.Tensor dense = in.descriptor(batch)) {
            Status.dnn(JCudnn.cudnnTransformTensor(gpu.handle, gpu.one, window.desc, interior(padded, p), gpu.zero,
                    dense.desc, out.pointer()), "cudnnTransformTensor", window.shape + " to " + dense.shape);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    private Pointer interior(DeviceBuffer buffer, Layout p) {
        return buffer.pointer().withByteOffset(((long) top * p.w + left) * Sizeof.FLOAT);
    }
}
