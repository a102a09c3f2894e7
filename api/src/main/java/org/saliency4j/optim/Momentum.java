package org.saliency4j.optim;

import org.saliency4j.InvalidSettingException;

/**
 * Gradient steps with momentum (Polyak 1964), in the form of Keras' {@code SGD(momentum=...)}:
 * {@code v <- momentum * v + learningRate * ascent; x <- x + v}.
 *
 * @param learningRate the step size
 * @param momentum     the decay of the velocity, in [0, 1)
 */
public record Momentum(double learningRate, double momentum) implements Optimizer {
    /** Momentum 0.9, the usual choice (Sutskever et al. 2013). */
    public static final double DEFAULT_MOMENTUM = 0.9;

    /**
     * Checks the parameters.
     *
     * @param learningRate the step size, positive
     * @param momentum     the decay, in [0, 1)
     */
    public Momentum {
        if (!(learningRate > 0) || !Double.isFinite(learningRate) || !(momentum >= 0 && momentum < 1)) {
            throw new InvalidSettingException("momentum needs a finite learning rate > 0 and a momentum in [0, 1), got "
                    + learningRate + " and " + momentum);
        }
    }

    /**
     * Momentum {@value #DEFAULT_MOMENTUM}.
     *
     * @param learningRate the step size
     * @return the optimizer
     */
    public static Momentum of(double learningRate) {
        return new Momentum(learningRate, DEFAULT_MOMENTUM);
    }

    @Override
    public State start(int size) {
        double[] v = new double[size];
        return (x, ascent) -> {
            for (int i = 0; i < x.length; i++) {
                v[i] = momentum * v[i] + learningRate * ascent[i];
                x[i] += v[i];
            }
        };
    }
}
