package org.saliency4j.objective;

import java.util.Set;

/**
 * A scalar function of one image's activations at some layers (and possibly of the image itself), with its
 * gradient. Objectives are values: they compose with {@link #plus}, {@link #minus}, {@link #times} and
 * {@link #unaryMinus} (Kotlin operators), and {@code toString()} prints the whole formula with its parameters so
 * that a result records exactly what was optimised.
 *
 * <p>Whether an objective is maximised or minimised is not its business: that is the
 * {@link org.saliency4j.optim.Goal} of the optimisation that uses it.
 */
public interface SaliencyObjective {

    /** @return the layer values this objective reads; empty for one that reads only the image */
    Set<Probe> probes();

    /**
     * Evaluates the objective for one image.
     *
     * @param e the image's probe values; not modified
     * @return the value
     */
    double value(Evaluation e);

    /**
     * Adds {@code weight} times this objective's gradient to the evaluation's gradient buffers.
     *
     * @param e      the image's probe values; its gradient buffers are Modified
     * @param weight the factor, e.g. -1 for a subtracted term
     */
    void addGradient(Evaluation e, double weight);

    /**
     * The sum of two objectives.
     *
     * @param other the other term
     * @return {@code this + other}
     */
    default SaliencyObjective plus(SaliencyObjective other) {
        return new Combination(this, other, 1);
    }

    /**
     * The difference of two objectives.
     *
     * @param other the subtracted term
     * @return {@code this - other}
     */
    default SaliencyObjective minus(SaliencyObjective other) {
        return new Combination(this, other, -1);
    }

    /**
     * This objective scaled.
     *
     * @param factor the factor
     * @return {@code factor * this}
     */
    default SaliencyObjective times(double factor) {
        return new Scaled(this, factor);
    }

    /** @return {@code -this} */
    default SaliencyObjective unaryMinus() {
        return new Scaled(this, -1);
    }
}
