package org.saliency4j.optim;

/** Receives the progress of an optimisation after each epoch is evaluated, and may stop it. */
@FunctionalInterface
public interface OptimizationListener {
    /**
     * Called once per epoch, after the objective and gradient are computed and before the images are updated.
     *
     * @param event the epoch's values; {@link EpochEvent#cancel()} stops the run before this epoch's update
     */
    void onEpoch(EpochEvent event);
}
