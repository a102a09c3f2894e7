package org.saliency4j.cuda;

import org.saliency4j.SaliencyException;

/** A CUDA or cuDNN call failed. The message names the call, its status and the shapes involved. */
public class CudaException extends SaliencyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the call, its status and the shapes
     */
    public CudaException(String message) {
        super(message);
    }
}
