package org.saliency4j;

/**
 * A data file (a data set such as CIFAR-10) does not have the format it is read as. The message names the file and what was wrong with it.
 */
public class DataFormatException extends SaliencyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a complete message.
     *
     * @param message what went wrong and what to do about it
     */
    public DataFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception wrapping its cause.
     *
     * @param message what went wrong and what to do about it
     * @param cause   the underlying failure
     */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
