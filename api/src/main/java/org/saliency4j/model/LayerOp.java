package org.saliency4j.model;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * What one layer computes, with its weights: a backend-neutral description that each backend compiles into
 * kernels. A layer's activation function is kept apart, in {@link Layer#activation()}, so that the value before
 * it (the logits of a softmax layer) stays addressable.
 */
public sealed interface LayerOp {

    /**
     * Infers the per-sample output shape.
     *
     * @param inputs per-sample shapes of the inbound layers, in order
     * @return the per-sample output shape
     * @throws IllegalArgumentException with a short reason when the inputs do not fit this operation
     */
    Shape outputShape(List<Shape> inputs);

    /** @return the number of trainable and non-trainable parameters, as Keras counts them */
    default long parameterCount() {
        return 0;
    }

    /** @return how many of {@link #parameterCount()} are not trainable (batch normalisation's moving statistics) */
    default long nonTrainableParameterCount() {
        return 0;
    }

    private static Shape single(List<Shape> inputs, String what) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(what + " takes one input, got " + inputs.size());
        }
        return inputs.get(0);
    }

    /**
     * A model input.
     *
     * @param shape the per-sample shape fed to the model
     */
    record Input(Shape shape) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            if (!inputs.isEmpty()) {
                throw new IllegalArgumentException("an input layer has no inbound layers");
            }
            return shape;
        }
    }

    /**
     * A 2-D convolution (cross-correlation, as Keras computes it) over (height, width, channels) inputs, dilation 1.
     *
     * @param kernel  weights of shape (kernel height, kernel width, input channels, filters), Keras' HWIO order
     * @param bias    one value per filter, or {@code null} when the layer has {@code use_bias=False}
     * @param strideH vertical stride
     * @param strideW horizontal stride
     * @param padding padding rule
     */
    record Conv2D(Tensor kernel, @Nullable Tensor bias, int strideH, int strideW, Padding padding) implements LayerOp {
        /**
         * Checks the weights against each other.
         *
         * @param kernel  weights (kernel height, kernel width, input channels, filters)
         * @param bias    one value per filter, or {@code null}
         * @param strideH vertical stride
         * @param strideW horizontal stride
         * @param padding padding rule
         */
        public Conv2D {
            if (kernel.shape().rank() != 4) {
                throw new IllegalArgumentException("a Conv2D kernel has rank 4 (h, w, in, out), got " + kernel.shape());
            }
            if (bias != null && !bias.shape().equals(Shape.of(kernel.shape().dim(3)))) {
                throw new IllegalArgumentException(
                        "bias of shape " + bias.shape() + " does not fit kernel of shape " + kernel.shape());
            }
            if (strideH < 1 || strideW < 1) {
                throw new IllegalArgumentException("strides must be positive, got " + strideH + "x" + strideW);
            }
        }

        /** @return the kernel height */
        public int kernelH() {
            return kernel.shape().dim(0);
        }

        /** @return the kernel width */
        public int kernelW() {
            return kernel.shape().dim(1);
        }

        /** @return the number of input channels the kernel expects */
        public int inChannels() {
            return kernel.shape().dim(2);
        }

        /** @return the number of filters (output channels) */
        public int filters() {
            return kernel.shape().dim(3);
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "Conv2D");
            if (in.rank() != 3 || in.dim(2) != inChannels()) {
                throw new IllegalArgumentException("expects input (height, width, " + inChannels()
                        + ") for its kernel " + kernel.shape() + ", got " + in);
            }
            int oh = padding.outputSize(in.dim(0), kernelH(), strideH);
            int ow = padding.outputSize(in.dim(1), kernelW(), strideW);
            if (oh < 1 || ow < 1) {
                throw new IllegalArgumentException("kernel " + kernelH() + "x" + kernelW() + " with " + padding
                        + " padding does not fit input " + in);
            }
            return Shape.of(oh, ow, filters());
        }

        @Override
        public long parameterCount() {
            return (long) kernel.shape().size() + (bias == null ? 0 : bias.shape().size());
        }
    }

    /** The reduction of a pooling window. */
    enum PoolMode {
        /** The largest value of the window; its gradient goes to the first maximum in row-major order. */
        MAX,
        /** The mean of the window's values inside the input (padded positions are not counted, as in TensorFlow). */
        AVERAGE
    }

    /**
     * 2-D max or average pooling over (height, width, channels) inputs.
     *
     * @param mode    max or average
     * @param poolH   window height
     * @param poolW   window width
     * @param strideH vertical stride
     * @param strideW horizontal stride
     * @param padding padding rule
     */
    record Pooling2D(PoolMode mode, int poolH, int poolW, int strideH, int strideW, Padding padding)
            implements LayerOp {
        /**
         * Checks that the window and strides are positive.
         *
         * @param mode    max or average
         * @param poolH   window height
         * @param poolW   window width
         * @param strideH vertical stride
         * @param strideW horizontal stride
         * @param padding padding rule
         */
        public Pooling2D {
            if (poolH < 1 || poolW < 1 || strideH < 1 || strideW < 1) {
                throw new IllegalArgumentException("pool size and strides must be positive, got pool "
                        + poolH + "x" + poolW + ", strides " + strideH + "x" + strideW);
            }
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "pooling");
            if (in.rank() != 3) {
                throw new IllegalArgumentException("expects input (height, width, channels), got " + in);
            }
            int oh = padding.outputSize(in.dim(0), poolH, strideH);
            int ow = padding.outputSize(in.dim(1), poolW, strideW);
            if (oh < 1 || ow < 1) {
                throw new IllegalArgumentException(
                        "pool " + poolH + "x" + poolW + " with " + padding + " padding does not fit input " + in);
            }
            return Shape.of(oh, ow, in.dim(2));
        }
    }

    /**
     * A fully connected layer applied along the last axis: {@code y = x . kernel + bias}.
     *
     * @param kernel weights of shape (input units, units)
     * @param bias   one value per unit, or {@code null} when the layer has {@code use_bias=False}
     */
    record Dense(Tensor kernel, @Nullable Tensor bias) implements LayerOp {
        /**
         * Checks the weights against each other.
         *
         * @param kernel weights (input units, units)
         * @param bias   one value per unit, or {@code null}
         */
        public Dense {
            if (kernel.shape().rank() != 2) {
                throw new IllegalArgumentException("a Dense kernel has rank 2 (in, units), got " + kernel.shape());
            }
            if (bias != null && !bias.shape().equals(Shape.of(kernel.shape().dim(1)))) {
                throw new IllegalArgumentException(
                        "bias of shape " + bias.shape() + " does not fit kernel of shape " + kernel.shape());
            }
        }

        /** @return the number of input units the kernel expects */
        public int inUnits() {
            return kernel.shape().dim(0);
        }

        /** @return the number of output units */
        public int units() {
            return kernel.shape().dim(1);
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "Dense");
            if (in.dim(-1) != inUnits()) {
                throw new IllegalArgumentException(
                        "expects a last axis of " + inUnits() + " for its kernel " + kernel.shape() + ", got " + in);
            }
            int[] d = in.toArray();
            d[d.length - 1] = units();
            return Shape.of(d);
        }

        @Override
        public long parameterCount() {
            return (long) kernel.shape().size() + (bias == null ? 0 : bias.shape().size());
        }
    }

    /** Flattens each sample in (height, width, channels) order, which leaves channels-last data unchanged. */
    record Flatten() implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            return Shape.of(single(inputs, "Flatten").size());
        }
    }

    /**
     * Dropout, which is the identity at inference.
     *
     * @param rate the training-time drop rate, kept for the summary
     */
    record Dropout(double rate) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            return single(inputs, "Dropout");
        }
    }

    /** The identity; a Keras {@code Activation} or {@code Softmax} layer is this with its activation. */
    record Identity() implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            return single(inputs, "this layer");
        }
    }

    /**
     * Keras' {@code ReLU} layer: {@code maxValue} for {@code x >= maxValue}, {@code x} for
     * {@code threshold <= x < maxValue}, else {@code negativeSlope * (x - threshold)}.
     *
     * @param maxValue      saturation value; {@link Double#POSITIVE_INFINITY} for none (Keras' default)
     * @param negativeSlope slope below the threshold (Keras' default 0)
     * @param threshold     threshold (Keras' default 0)
     */
    record Relu(double maxValue, double negativeSlope, double threshold) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            return single(inputs, "ReLU");
        }
    }

    /** The element-wise merge of several inputs of one shape. */
    enum MergeKind {
        /** Keras' Add. */
        ADD,
        /** Keras' Subtract: the first input minus the second. */
        SUBTRACT,
        /** Keras' Multiply. */
        MULTIPLY,
        /** Keras' Average. */
        AVERAGE,
        /** Keras' Maximum. */
        MAXIMUM,
        /** Keras' Minimum. */
        MINIMUM
    }

    /**
     * An element-wise merge (Add, Subtract, Multiply, Average, Maximum, Minimum) of inputs of equal shape.
     *
     * @param kind the operation
     */
    record Merge(MergeKind kind) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            if (inputs.size() < 2 || (kind == MergeKind.SUBTRACT && inputs.size() != 2)) {
                throw new IllegalArgumentException(kind + " takes " + (kind == MergeKind.SUBTRACT ? "2" : "2 or more")
                        + " inputs, got " + inputs.size());
            }
            for (Shape s : inputs) {
                if (!s.equals(inputs.get(0))) {
                    throw new IllegalArgumentException("needs inputs of one shape, got " + inputs);
                }
            }
            return inputs.get(0);
        }
    }

    /**
     * Concatenation along one axis of the per-sample shape.
     *
     * @param axis the axis without the batch axis: 0 is the first, -1 the last
     */
    record Concatenate(int axis) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            if (inputs.size() < 2) {
                throw new IllegalArgumentException("Concatenate takes 2 or more inputs, got " + inputs.size());
            }
            int rank = inputs.get(0).rank();
            int a = axis < 0 ? rank + axis : axis;
            if (a < 0 || a >= rank) {
                throw new IllegalArgumentException("axis " + axis + " does not exist in " + inputs.get(0));
            }
            int[] out = inputs.get(0).toArray();
            out[a] = 0;
            for (Shape s : inputs) {
                int[] d = s.toArray();
                for (int i = 0; i < rank; i++) {
                    if (i != a && (d.length != rank || d[i] != out[i])) {
                        throw new IllegalArgumentException("inputs " + inputs + " differ outside axis " + axis);
                    }
                }
                out[a] += d[a];
            }
            return Shape.of(out);
        }
    }

    /**
     * Batch normalisation at inference, on the last axis:
     * {@code gamma * (x - movingMean) / sqrt(movingVariance + epsilon) + beta}.
     *
     * @param gamma          the scale, or {@code null} for 1 ({@code scale=False})
     * @param beta           the offset, or {@code null} for 0 ({@code center=False})
     * @param movingMean     the mean
     * @param movingVariance the variance
     * @param epsilon        added to the variance
     */
    record BatchNorm(@Nullable Tensor gamma, @Nullable Tensor beta, Tensor movingMean, Tensor movingVariance,
                     double epsilon) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "BatchNormalization");
            if (in.dim(-1) != movingMean.shape().size()) {
                throw new IllegalArgumentException("normalises " + movingMean.shape().size()
                        + " channels, the input " + in + " has " + in.dim(-1));
            }
            return in;
        }

        @Override
        public long parameterCount() {
            return 4L * movingMean.shape().size() - (gamma == null ? movingMean.shape().size() : 0)
                    - (beta == null ? movingMean.shape().size() : 0);
        }

        @Override
        public long nonTrainableParameterCount() {
            return 2L * movingMean.shape().size();
        }

        /**
         * The normalisation at inference folded into a per-channel affine map: {@code y = x * scale[c] + offset[c]}
         * with {@code scale = gamma / sqrt(variance + epsilon)} (in double, then rounded to float) and
         * {@code offset = beta - mean * scale} (in float). Every backend computes it this way.
         *
         * @return the map
         */
        public Affine folded() {
            float[] mean = movingMean.toArray();
            float[] variance = movingVariance.toArray();
            float[] g = gamma == null ? null : gamma.toArray();
            float[] b = beta == null ? null : beta.toArray();
            float[] scale = new float[mean.length];
            float[] offset = new float[mean.length];
            for (int c = 0; c < mean.length; c++) {
                scale[c] = (float) ((g == null ? 1 : g[c]) / Math.sqrt(variance[c] + epsilon));
                offset[c] = (b == null ? 0f : b[c]) - mean[c] * scale[c];
            }
            return new Affine(Tensor.of(Shape.of(mean.length), scale), Tensor.of(Shape.of(mean.length), offset));
        }
    }

    /**
     * Zero padding of the height and width.
     *
     * @param top    rows added above
     * @param bottom rows added below
     * @param left   columns added on the left
     * @param right  columns added on the right
     */
    record ZeroPadding2D(int top, int bottom, int left, int right) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "ZeroPadding2D");
            if (in.rank() != 3) {
                throw new IllegalArgumentException("expects input (height, width, channels), got " + in);
            }
            return Shape.of(in.dim(0) + top + bottom, in.dim(1) + left + right, in.dim(2));
        }
    }

    /**
     * Global pooling over height and width: (h, w, c) to (c).
     *
     * @param mode max or average
     */
    record GlobalPooling2D(PoolMode mode) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "global pooling");
            if (in.rank() != 3) {
                throw new IllegalArgumentException("expects input (height, width, channels), got " + in);
            }
            return Shape.of(in.dim(2));
        }
    }

    /**
     * A new shape for the same values in the same order.
     *
     * @param target the per-sample shape
     */
    record Reshape(Shape target) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "Reshape");
            if (in.size() != target.size()) {
                throw new IllegalArgumentException("cannot reshape " + in + " to " + target);
            }
            return target;
        }
    }

    /**
     * A depthwise 2-D convolution: each input channel convolved with its own {@code multiplier} filters; output
     * channel {@code c * multiplier + m}.
     *
     * @param kernel  weights (kernel height, kernel width, input channels, multiplier)
     * @param bias    one value per output channel, or {@code null}
     * @param strideH vertical stride
     * @param strideW horizontal stride
     * @param padding padding rule
     */
    record DepthwiseConv2D(Tensor kernel, @Nullable Tensor bias, int strideH, int strideW, Padding padding)
            implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "DepthwiseConv2D");
            Shape k = kernel.shape();
            if (k.rank() != 4 || in.rank() != 3 || in.dim(2) != k.dim(2)) {
                throw new IllegalArgumentException("expects input (height, width, " + k.dim(2) + ") for its kernel "
                        + k + ", got " + in);
            }
            int oh = padding.outputSize(in.dim(0), k.dim(0), strideH);
            int ow = padding.outputSize(in.dim(1), k.dim(1), strideW);
            if (oh < 1 || ow < 1) {
                throw new IllegalArgumentException("kernel " + k + " does not fit input " + in);
            }
            return Shape.of(oh, ow, k.dim(2) * k.dim(3));
        }

        @Override
        public long parameterCount() {
            return (long) kernel.shape().size() + (bias == null ? 0 : bias.shape().size());
        }
    }

    /**
     * A per-channel affine map {@code y = x * scale[c] + offset[c]} on the last axis: Keras' Rescaling
     * ({@code x * scale + offset}) and Normalization ({@code (x - mean) / sqrt(variance)}).
     *
     * @param scale  one factor per channel (or one for all)
     * @param offset one offset per channel (or one for all)
     */
    record Affine(Tensor scale, Tensor offset) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "this layer");
            int c = in.dim(-1);
            for (Tensor t : List.of(scale, offset)) {
                if (t.shape().size() != 1 && t.shape().size() != c) {
                    throw new IllegalArgumentException("has " + t.shape().size() + " values for " + c + " channels");
                }
            }
            return in;
        }

        /**
         * @param channels the input's last axis
         * @return the factor of each channel (the single factor repeated when there is one for all)
         */
        public float[] scaleOf(int channels) {
            return perChannel(scale, channels);
        }

        /**
         * @param channels the input's last axis
         * @return the offset of each channel (the single offset repeated when there is one for all)
         */
        public float[] offsetOf(int channels) {
            return perChannel(offset, channels);
        }

        private static float[] perChannel(Tensor t, int channels) {
            float[] v = t.toArray();
            float[] out = new float[channels];
            for (int c = 0; c < channels; c++) {
                out[c] = v[v.length == 1 ? 0 : c];
            }
            return out;
        }
    }

    /**
     * Removes rows and columns at the borders.
     *
     * @param top    rows removed above
     * @param bottom rows removed below
     * @param left   columns removed on the left
     * @param right  columns removed on the right
     */
    record Cropping2D(int top, int bottom, int left, int right) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "Cropping2D");
            if (in.rank() != 3 || in.dim(0) <= top + bottom || in.dim(1) <= left + right) {
                throw new IllegalArgumentException("cannot crop " + top + "+" + bottom + " rows and " + left + "+"
                        + right + " columns from " + in);
            }
            return Shape.of(in.dim(0) - top - bottom, in.dim(1) - left - right, in.dim(2));
        }
    }

    /**
     * Nearest-neighbour up-sampling: each pixel repeated {@code rows} by {@code cols} times.
     *
     * @param rows vertical factor
     * @param cols horizontal factor
     */
    record UpSampling2D(int rows, int cols) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "UpSampling2D");
            if (in.rank() != 3) {
                throw new IllegalArgumentException("expects input (height, width, channels), got " + in);
            }
            return Shape.of(in.dim(0) * rows, in.dim(1) * cols, in.dim(2));
        }
    }

    /**
     * Permutes the per-sample axes: output axis i is input axis {@code order[i]} (0-based, batch excluded).
     *
     * @param order a permutation of 0 .. rank-1
     */
    record Permute(List<Integer> order) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "Permute");
            if (order.size() != in.rank() || !order.stream().sorted().toList().equals(
                    java.util.stream.IntStream.range(0, in.rank()).boxed().toList())) {
                throw new IllegalArgumentException("dims " + order + " are not a permutation of the axes of " + in);
            }
            int[] d = new int[in.rank()];
            for (int i = 0; i < d.length; i++) {
                d[i] = in.dim(order.get(i));
            }
            return Shape.of(d);
        }
    }

    /**
     * Parametric ReLU: {@code x} for {@code x > 0}, else {@code alpha * x}, with alpha learned per element of the
     * per-sample shape (size 1 along shared axes).
     *
     * @param alpha the slopes, of the per-sample shape with shared axes of size 1
     */
    record PRelu(Tensor alpha) implements LayerOp {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, "PReLU");
            Shape a = alpha.shape();
            if (a.rank() != in.rank()) {
                throw new IllegalArgumentException("alpha " + a + " does not fit input " + in);
            }
            for (int i = 0; i < a.rank(); i++) {
                if (a.dim(i) != 1 && a.dim(i) != in.dim(i)) {
                    throw new IllegalArgumentException("alpha " + a + " does not fit input " + in);
                }
            }
            return in;
        }

        @Override
        public long parameterCount() {
            return alpha.shape().size();
        }
    }
}
