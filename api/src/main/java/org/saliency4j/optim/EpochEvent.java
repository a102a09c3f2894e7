package org.saliency4j.optim;

/** One epoch of an optimisation, as a listener sees it. */
public final class EpochEvent {
    private final int epoch;
    private final double[] objectives;
    private boolean cancelled;

    EpochEvent(int epoch, double[] objectives) {
        this.epoch = epoch;
        this.objectives = objectives;
    }

    /** @return the epoch, from 0 */
    public int epoch() {
        return epoch;
    }

    /** @return the number of images optimised together */
    public int images() {
        return objectives.length;
    }

    /**
     * The objective of one image at this epoch, before its update.
     *
     * @param image the image's position in the batch
     * @return the objective's value
     */
    public double objective(int image) {
        return objectives[image];
    }

    /** Stops the run: this epoch's update is not applied and the result holds the images evaluated here. */
    public void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }
}
