package org.saliency4j.optim;

/**
 * An update rule for the images being optimised. The optimizer itself is immutable configuration and may serve
 * several runs at once; each run gets its own {@link State} from {@link #start(int)}.
 *
 * <p>Every rule moves the parameters along an ascent direction: {@link Optimization} has already multiplied the
 * objective's gradient by the {@link Goal}'s sign.
 */
public interface Optimizer {

    /**
     * Starts a run.
     *
     * @param size the number of parameters (all pixels of all images)
     * @return fresh per-run state (moments, step count)
     */
    State start(int size);

    /** The per-run state of an optimizer. Not thread-safe; one per run. */
    interface State {
        /**
         * Takes one step.
         *
         * @param x      the parameters; Modified
         * @param ascent the direction of increase of the goal; not modified
         */
        void step(double[] x, double[] ascent);
    }
}
