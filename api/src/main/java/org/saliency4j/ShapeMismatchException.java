package org.saliency4j;

/**
 * Two shapes that must agree do not: a layer's input against its configuration, stored weights against the configuration, or a tensor against a model's input. The message names the layer or tensor and prints both shapes.
 */
public class ShapeMismatchException extends SaliencyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a complete message.
     *
     * @param message what went wrong and what to do about it
     */
    public ShapeMismatchException(String message) {
        super(message);
    }

    /**
     * Creates the exception wrapping its cause.
     *
     * @param message what went wrong and what to do about it
     * @param cause   the underlying failure
     */
    public ShapeMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
