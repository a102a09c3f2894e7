package org.saliency4j.attribution;

import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * The reference point x' that Integrated Gradients integrates from, in model-input space: zeros, a given image, or
 * a blurred copy of the image explained.
 */
public interface Baseline {

    /**
     * Writes the baseline of one image.
     *
     * @param image  the image, from {@code offset}, in model-input values; not modified
     * @param offset where it starts
     * @param shape  the model's input shape, without batch
     * @param into   the baseline's values; its first {@code shape.size()} are written
     */
    void fill(double[] image, int offset, Shape shape, double[] into);

    /**
     * Checks, before any work, that this baseline can be made for a model's input.
     *
     * @param shape the model's input shape, without batch
     * @throws IllegalArgumentException naming what does not fit
     */
    default void requireFits(Shape shape) {
    }

    /** @return zeros everywhere (the default: black, for inputs scaled to [0, 1]) */
    static Baseline zero() {
        return new Baseline() {
            @Override
            public void fill(double[] image, int offset, Shape shape, double[] into) {
                java.util.Arrays.fill(into, 0, shape.size(), 0);
            }

            @Override
            public String toString() {
                return "zero";
            }
        };
    }

    /**
     * @param reference one image of the model's input shape, in model-input values, with or without a batch axis of 1
     * @return that image, for every image explained
     */
    static Baseline image(Tensor reference) {
        return image(reference, "image " + reference.shape());
    }

    /**
     * @param reference one image of the model's input shape, in model-input values, with or without a batch axis of 1
     * @param name      what a run's record calls it (such as the file it was read from)
     * @return that image, for every image explained
     */
    static Baseline image(Tensor reference, String name) {
        float[] v = reference.toArray();
        return new Baseline() {
            @Override
            public void fill(double[] image, int offset, Shape shape, double[] into) {
                requireFits(shape);
                for (int e = 0; e < v.length; e++) {
                    into[e] = v[e];
                }
            }

            @Override
            public void requireFits(Shape shape) {
                if (v.length != shape.size()) {
                    throw new IllegalArgumentException("a baseline image of shape " + reference.shape()
                            + " for a model whose input is " + shape.toKerasString());
                }
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * A copy of each image blurred with a Gaussian of standard deviation {@code sigma} pixels over its height and
     * width (each channel alone; the kernel cut at 3 sigma and renormalised, edges clamped).
     *
     * @param sigma the blur in pixels, positive
     * @return that baseline; for an input without a spatial grid, an error when used
     */
    static Baseline blurred(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("a blur needs a positive sigma, not " + sigma);
        }
        return new Baseline() {
            @Override
            public void fill(double[] image, int offset, Shape shape, double[] into) {
                requireFits(shape);
                Blur.gaussian(image, offset, shape.dim(0), shape.dim(1), shape.dim(2), sigma, into);
            }

            @Override
            public void requireFits(Shape shape) {
                if (shape.rank() != 3) {
                    throw new IllegalArgumentException("a blurred baseline needs an image input (height, width, "
                            + "channels), not " + shape.toKerasString());
                }
            }

            @Override
            public String toString() {
                return "blurred, sigma " + sigma;
            }
        };
    }
}
