package org.saliency4j;

/**
 * The backend that was asked for cannot be used. The message carries the backend's own reason (missing native library, no device, ...).
 */
public class BackendUnavailableException extends SaliencyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a complete message.
     *
     * @param message what went wrong and what to do about it
     */
    public BackendUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception wrapping its cause.
     *
     * @param message what went wrong and what to do about it
     * @param cause   the underlying failure
     */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
