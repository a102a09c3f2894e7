package org.saliency4j.model;

/**
 * Padding of a sliding window (convolution or pooling), with TensorFlow's rules.
 */
public enum Padding {
    /** No padding: only windows that fit inside the input; output {@code floor((in - k) / s) + 1}. */
    VALID,
    /**
     * Output {@code ceil(in / s)}; the total padding {@code max((out - 1) * s + k - in, 0)} is split with the
     * smaller half before and the larger half after, as TensorFlow does (the asymmetric "same" rule).
     */
    SAME;

    /**
     * Size of the output along one axis.
     *
     * @param in     input size
     * @param window window size
     * @param stride stride
     * @return the output size; below 1 when the window does not fit a valid input
     */
    public int outputSize(int in, int window, int stride) {
        return this == VALID ? Math.floorDiv(in - window, stride) + 1 : (in + stride - 1) / stride;
    }

    /**
     * Padding inserted before the first element along one axis.
     *
     * @param in     input size
     * @param window window size
     * @param stride stride
     * @return the number of padded positions before the input (0 for {@link #VALID})
     */
    public int padBefore(int in, int window, int stride) {
        if (this == VALID) {
            return 0;
        }
        int total = Math.max((outputSize(in, window, stride) - 1) * stride + window - in, 0);
        return total / 2;
    }

    /**
     * Reads Keras' spelling.
     *
     * @param keras {@code "valid"} or {@code "same"}, any case
     * @return the padding, or {@code null} when the name is neither
     */
    public static @org.jspecify.annotations.Nullable Padding fromKeras(String keras) {
        return switch (keras.toLowerCase(java.util.Locale.ROOT)) {
            case "valid" -> VALID;
            case "same" -> SAME;
            default -> null;
        };
    }
}
