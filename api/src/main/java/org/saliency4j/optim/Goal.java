package org.saliency4j.optim;

/**
 * Whether an optimisation maximises or minimises its objective. {@link Optimization} turns the objective's
 * gradient into an ascent direction with {@link #sign()}: the only place where a sign is flipped.
 */
public enum Goal {
    /** Gradient ascent: the layer and unit saliency of the notebook (Erhan et al. 2009). */
    MAXIMIZE(1),
    /** Gradient descent: the class-model visualisation of the notebook (Simonyan et al. 2013). */
    MINIMIZE(-1);

    private final int sign;

    Goal(int sign) {
        this.sign = sign;
    }

    /** @return +1 to maximise, -1 to minimise: the factor from the objective's gradient to the ascent direction */
    public int sign() {
        return sign;
    }
}
