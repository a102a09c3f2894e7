package org.saliency4j;

/**
 * An optimisation produced a NaN or infinite objective or gradient. The message names the epoch and the image,
 * and suggests a smaller learning rate; the run stops there.
 */
public class DivergenceException extends SaliencyException {
    private static final long serialVersionUID = 1L;

    /** The epoch (from 0) at which the run diverged. */
    private final int epoch;

    /**
     * Creates the exception.
     *
     * @param epoch   the epoch (from 0) at which the run diverged
     * @param message what diverged and what to do about it
     */
    public DivergenceException(int epoch, String message) {
        super(message);
        this.epoch = epoch;
    }

    /** @return the epoch, from 0, at which the run diverged */
    public int epoch() {
        return epoch;
    }
}
