package org.saliency4j.attribution;

import org.saliency4j.image.Images;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** Shapes and reductions of attribution maps shared by the methods. */
final class Maps {
    private Maps() {
    }

    /**
     * The largest absolute value over the channels of each pixel: Simonyan et al.'s saliency map of a gradient.
     * For an input without a spatial grid (rank below 3) the absolute values themselves.
     *
     * @param values a map of the input's shape, from {@code offset}; not modified
     * @param offset where it starts
     * @param input  the model's input shape, without batch
     * @return the map, (height, width) for an image input
     */
    static Tensor maxAbsOverChannels(double[] values, int offset, Shape input) {
        if (input.rank() < 3) {
            double[] a = new double[input.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.abs(values[offset + i]);
            }
            return Tensor.ofDoubles(input, a);
        }
        int channels = input.dim(-1);
        int pixels = input.size() / channels;
        double[] a = new double[pixels];
        for (int p = 0; p < pixels; p++) {
            double m = 0;
            for (int c = 0; c < channels; c++) {
                m = Math.max(m, Math.abs(values[offset + p * channels + c]));
            }
            a[p] = m;
        }
        return Tensor.ofDoubles(pixelShape(input), a);
    }

    /**
     * Checks that a method that works on pixels has an image input.
     *
     * @param method the method's name, for the message
     * @param input  the model's input shape, without batch
     * @return input as (height, width, channels): (height, width) is one channel
     * @throws IllegalArgumentException when the input is neither (height, width, channels) nor (height, width)
     */
    static Shape imageInput(String method, Shape input) {
        return Images.imageShape(method, input);
    }

    /** @return (height, width) of an image input shape (height, width, channels) */
    static Shape pixelShape(Shape input) {
        return Shape.of(input.dim(0), input.dim(1));
    }

    /**
     * @param values a map from {@code offset}; not modified
     * @param offset where it starts
     * @param shape  its shape
     * @return those values as a tensor, rounded to float
     */
    static Tensor tensor(double[] values, int offset, Shape shape) {
        double[] v = new double[shape.size()];
        System.arraycopy(values, offset, v, 0, v.length);
        return Tensor.ofDoubles(shape, v);
    }

    /** @return {@code internalBatch}, or the model's default where it is 0 */
    static int batch(int internalBatch, org.saliency4j.model.Model model) {
        return internalBatch > 0 ? internalBatch : Scoring.internalBatch(model);
    }

    /**
     * Checks an internal batch size given by a caller.
     *
     * @param n the size; 0 for the model's default
     * @return n
     */
    static int checkedBatch(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("the internal batch must be positive (or 0 for the default), not " + n);
        }
        return n;
    }
}
