package org.saliency4j.optim;

import org.saliency4j.InvalidSettingException;

/**
 * Plain gradient ascent or descent, {@code x <- x + learningRate * ascent}: the notebook's
 * {@code img = img - learningRate * grads} when minimising, {@code img + learningRate * grads} when maximising.
 *
 * @param learningRate the step size
 */
public record GradientStep(double learningRate) implements Optimizer {

    /**
     * Checks the step size.
     *
     * @param learningRate the step size, positive
     */
    public GradientStep {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new InvalidSettingException("the learning rate must be a positive finite number, got " + learningRate);
        }
    }

    @Override
    public State start(int size) {
        return (x, ascent) -> {
            for (int i = 0; i < x.length; i++) {
                x[i] += learningRate * ascent[i];
            }
        };
    }

    @Override
    public String toString() {
        return "gradient step (learning rate " + learningRate + ")";
    }
}
