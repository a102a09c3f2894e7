package org.saliency4j.objective;

import java.util.LinkedHashSet;
import java.util.Set;

/** {@code left + sign * right}, with sign +1 or -1. */
final class Combination implements SaliencyObjective {
    private final SaliencyObjective left;
    private final SaliencyObjective right;
    private final int sign;

    Combination(SaliencyObjective left, SaliencyObjective right, int sign) {
        this.left = left;
        this.right = right;
        this.sign = sign;
    }

    @Override
    public Set<Probe> probes() {
        Set<Probe> all = new LinkedHashSet<>(left.probes());
        all.addAll(right.probes());
        return all;
    }

    @Override
    public double value(Evaluation e) {
        return left.value(e) + sign * right.value(e);
    }

    @Override
    public void addGradient(Evaluation e, double weight) {
        left.addGradient(e, weight);
        right.addGradient(e, sign * weight);
    }

    @Override
    public String toString() {
        String r = right.toString();
        if (sign < 0 && right instanceof Combination) {
            r = "(" + r + ")";
        }
        return left + (sign > 0 ? " + " : " - ") + r;
    }
}
