package org.saliency4j.optim;

import org.saliency4j.InvalidSettingException;

/**
 * Adam (Kingma and Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1), moving along the ascent
 * direction: {@code m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2; x <- x + lr * m^ / (sqrt(v^) + eps)} with
 * the bias-corrected moments {@code m^ = m / (1 - b1^t)}, {@code v^ = v / (1 - b2^t)}.
 *
 * @param learningRate the step size alpha
 * @param beta1        the decay of the first moment
 * @param beta2        the decay of the second moment
 * @param epsilon      the term that keeps the division finite
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon) implements Optimizer {
    /** The paper's default step size, 0.001. */
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    /** The paper's default beta1, 0.9. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** The paper's default beta2, 0.999. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** The paper's default epsilon, 1e-8. */
    public static final double DEFAULT_EPSILON = 1e-8;

    /**
     * Checks the parameters.
     *
     * @param learningRate positive
     * @param beta1        in [0, 1)
     * @param beta2        in [0, 1)
     * @param epsilon      positive
     */
    public Adam {
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)
                || !Double.isFinite(learningRate) || !Double.isFinite(epsilon)) {
            throw new InvalidSettingException("Adam needs a finite learning rate > 0, betas in [0, 1) and a finite "
                    + "epsilon > 0, got "
                    + learningRate + ", " + beta1 + ", " + beta2 + ", " + epsilon);
        }
    }

    /** @return Adam with all the paper's defaults */
    public static Adam defaults() {
        return of(DEFAULT_LEARNING_RATE);
    }

    /**
     * Adam with the paper's betas and epsilon.
     *
     * @param learningRate the step size
     * @return the optimizer
     */
    public static Adam of(double learningRate) {
        return new Adam(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    @Override
    public State start(int size) {
        double[] m = new double[size];
        double[] v = new double[size];
        return new State() {
            private int t;

            @Override
            public void step(double[] x, double[] g) {
                t++;
                double c1 = 1 - Math.pow(beta1, t);
                double c2 = 1 - Math.pow(beta2, t);
                for (int i = 0; i < x.length; i++) {
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                    x[i] += learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
                }
            }
        };
    }
}
