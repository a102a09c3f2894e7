package org.saliency4j;

import org.saliency4j.tensor.Shape;

/**
 * An input that holds NaN or an infinity. Such a value does not fail on its own: a ReLU turns NaN into 0, so an image
 * of NaN would give a finite prediction and gradient that mean nothing. Every model input is therefore checked, and
 * the first bad value is named by its image and position.
 */
public class NonFiniteInputException extends SaliencyException {
    private static final long serialVersionUID = 1L;

    /** The image (batch index) holding the first value that is not finite. */
    private final int image;
    /** That value's row-major position within its image. */
    private final long position;

    /**
     * @param image    the image (batch index) that holds the value
     * @param position the value's position within the image, row-major
     * @param message  the complete message
     */
    public NonFiniteInputException(int image, long position, String message) {
        super(message);
        this.image = image;
        this.position = position;
    }

    /** @return the image (batch index) holding the first value that is not finite */
    public int image() {
        return image;
    }

    /** @return that value's row-major position within its image */
    public long position() {
        return position;
    }

    /**
     * Checks a batch of inputs.
     *
     * @param what   what the values are, for the message ("input", "start image")
     * @param shape  their shape, batch first
     * @param values the values, row-major; not modified
     * @throws NonFiniteInputException at the first value that is NaN or infinite
     */
    public static void requireFinite(String what, Shape shape, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw at(what, shape, i, values[i]);
            }
        }
    }

    /**
     * Checks a batch of inputs.
     *
     * @param what   what the values are, for the message
     * @param shape  their shape, batch first
     * @param values the values, row-major; not modified
     * @throws NonFiniteInputException at the first value that is NaN or infinite
     */
    public static void requireFinite(String what, Shape shape, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw at(what, shape, i, values[i]);
            }
        }
    }

    private static NonFiniteInputException at(String what, Shape shape, int flat, double value) {
        int per = shape.rank() > 1 ? shape.size() / shape.dim(0) : 1;
        int image = flat / per;
        int within = flat % per;
        StringBuilder index = new StringBuilder();
        for (int axis = shape.rank() - 1, rest = within; axis >= 1; axis--) {
            index.insert(0, (axis > 1 ? ", " : "") + rest % shape.dim(axis));
            rest /= shape.dim(axis);
        }
        return new NonFiniteInputException(image, within, what + " " + image + " holds " + value + " at ["
                + index + "]" + " of " + shape.withoutBatch() + "; NaN and infinities are refused, since the network "
                + "would turn them into numbers that mean nothing: check how the input was made");
    }
}
