package org.saliency4j;

/**
 * A model file that cannot be read as a Keras model: not HDF5, truncated, missing `model_config`, malformed configuration or missing weights.
 */
public class ModelFormatException extends SaliencyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a complete message.
     *
     * @param message what went wrong and what to do about it
     */
    public ModelFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception wrapping its cause.
     *
     * @param message what went wrong and what to do about it
     * @param cause   the underlying failure
     */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
