package org.saliency4j;

/**
 * Root of every exception Saliency4J throws on purpose. All are unchecked; checked {@link java.io.IOException}
 * is used only for real input/output failures at file boundaries.
 *
 * <p>Messages are exact: they name the file, the layer (name and Keras class) or the shapes involved, and say
 * what the user can do about it.
 */
public class SaliencyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a complete message.
     *
     * @param message what went wrong and what to do about it
     */
    public SaliencyException(String message) {
        super(message);
    }

    /**
     * Creates an exception that wraps its cause.
     *
     * @param message what went wrong and what to do about it
     * @param cause   the underlying failure
     */
    public SaliencyException(String message, Throwable cause) {
        super(message, cause);
    }
}
