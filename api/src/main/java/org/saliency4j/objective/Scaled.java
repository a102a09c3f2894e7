package org.saliency4j.objective;

import java.util.Set;

/** {@code factor * inner}. */
final class Scaled implements SaliencyObjective {
    private final SaliencyObjective inner;
    private final double factor;

    Scaled(SaliencyObjective inner, double factor) {
        this.inner = inner;
        this.factor = factor;
    }

    @Override
    public Set<Probe> probes() {
        return inner.probes();
    }

    @Override
    public double value(Evaluation e) {
        return factor * inner.value(e);
    }

    @Override
    public void addGradient(Evaluation e, double weight) {
        inner.addGradient(e, factor * weight);
    }

    @Override
    public String toString() {
        String i = inner instanceof Combination ? "(" + inner + ")" : inner.toString();
        return factor == -1 ? "-" + i : Objectives.format(factor) + " * " + i;
    }
}
