package org.saliency4j.examples;

import java.util.List;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * A labelled image data set as 8-bit pixels, (height, width, channels) per image, turned into model inputs with a
 * {@link PixelScaling} and fitted to the model's input shape.
 *
 * @param name       the data set, for messages
 * @param classNames class names in label order
 * @param labels     one label per image
 * @param pixels     all images, channels last
 * @param height     image height
 * @param width      image width
 * @param channels   image channels
 */
record LabeledBytes(String name, List<String> classNames, int[] labels, byte[] pixels, int height, int width,
                    int channels) {

    int count() {
        return labels.length;
    }

    /**
     * Checks that these images fit the model's per-sample input shape, as {@link #batch} fits them.
     *
     * @throws ShapeMismatchException naming both shapes, when they cannot be fitted
     */
    void requireFits(Shape modelInput) {
        if (!padded(modelInput) && modelInput.size() != height * width * channels) {
            throw new ShapeMismatchException(name + " images are " + Shape.of(height, width, channels)
                    + ", the model takes " + modelInput.toKerasString() + "; Saliency4J pads, drops the channel axis "
                    + "or flattens, but cannot fit these");
        }
    }

    private boolean padded(Shape modelInput) {
        return modelInput.rank() == 3 && modelInput.dim(2) == channels && modelInput.dim(0) >= height
                && modelInput.dim(1) >= width && !modelInput.equals(Shape.of(height, width, channels));
    }

    /**
     * Images {@code from .. from + n - 1} as model inputs: scaled, then fitted to the model's per-sample input
     * shape: the same shape, without the channel axis ((28, 28) for (28, 28, 1)), flattened, or zero-padded
     * around the centre (MNIST's 28x28 in a 32x32 model, as the LeNet notebook pads after scaling).
     */
    Tensor batch(int from, int n, PixelScaling scale, Shape modelInput) {
        requireFits(modelInput);
        int per = height * width * channels;
        boolean padded = padded(modelInput);
        int out = modelInput.size();
        float[] v = new float[n * out];
        int top = padded ? (modelInput.dim(0) - height) / 2 : 0;
        int left = padded ? (modelInput.dim(1) - width) / 2 : 0;
        int outW = padded ? modelInput.dim(1) : width;
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < channels; c++) {
                        // Model channel c holds colour c, or colour 2 - c for a BGR scaling.
                        int colour = scale.bgr() ? channels - 1 - c : c;
                        int src = (from + i) * per + (y * width + x) * channels + colour;
                        int dst = i * out + ((y + top) * outW + x + left) * channels + c;
                        v[dst] = scale.apply(pixels[src] & 0xff, c);
                    }
                }
            }
        }
        return Tensor.of(modelInput.withBatch(n), v);
    }
}
