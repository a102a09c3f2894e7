package org.saliency4j;

/**
 * A model uses a layer class, an activation or a layer option that Saliency4J does not support. The message names the layer, its Keras class and what is supported.
 */
public class UnsupportedLayerException extends SaliencyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a complete message.
     *
     * @param message what went wrong and what to do about it
     */
    public UnsupportedLayerException(String message) {
        super(message);
    }

    /**
     * Creates the exception wrapping its cause.
     *
     * @param message what went wrong and what to do about it
     * @param cause   the underlying failure
     */
    public UnsupportedLayerException(String message, Throwable cause) {
        super(message, cause);
    }
}
