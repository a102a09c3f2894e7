package org.saliency4j.cuda;

/** The GPU ran out of memory. The message says how much was asked for and how much is free. */
public class DeviceMemoryException extends CudaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was being allocated, the sizes, and what to do (a smaller batch)
     */
    public DeviceMemoryException(String message) {
        super(message);
    }
}
