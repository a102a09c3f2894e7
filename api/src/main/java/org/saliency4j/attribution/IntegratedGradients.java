package org.saliency4j.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Integrated Gradients (Sundararajan et al. 2017, "Axiomatic Attribution for Deep Networks"):
 * {@code (x - x') * sum_k w_k dS/dx(x' + a_k (x - x'))}, the path integral of the gradient from the baseline x' to
 * the image x by a quadrature rule (points a_k, weights w_k on [0, 1]). The map has the input's shape.
 *
 * <p>Completeness says the map sums to {@code S(x) - S(x')}; every result reports how far it is,
 * {@code completenessDelta = sum(map) - (S(x) - S(x'))}, with the steps used and the baseline's score, in its
 * details ({@code completenessDelta}, {@code steps}, {@code baselineScore}). With a tolerance, the steps double
 * (up to {@link #MAX_STEPS}) until {@code |delta|} is at most that fraction of {@code |S(x) - S(x')|}.
 *
 * <p>Defaults: the zero baseline, Gauss-Legendre with 50 nodes, no tolerance. Captum's default is also 50 steps
 * of Gauss-Legendre; Xplique's 50 of the trapezoid rule on equal steps.
 */
public final class IntegratedGradients implements AttributionMethod {
    /** The default number of steps (nodes or intervals). */
    public static final int DEFAULT_STEPS = 50;
    /** The most steps the doubling goes to. */
    public static final int MAX_STEPS = 6400;

    private final Baseline baseline;
    private final Quadrature rule;
    private final int steps;
    private final double tolerance;
    private final int internalBatch;

    private IntegratedGradients(Baseline baseline, Quadrature rule, int steps, double tolerance, int internalBatch) {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("Integrated Gradients takes 1 to " + MAX_STEPS + " steps, not "
                    + steps);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("the completeness tolerance must be >= 0 (0: none), not " + tolerance);
        }
        this.baseline = baseline;
        this.rule = rule;
        this.steps = steps;
        this.tolerance = tolerance;
        this.internalBatch = Maps.checkedBatch(internalBatch);
    }

    static IntegratedGradients defaults() {
        return new IntegratedGradients(Baseline.zero(), Quadrature.GAUSS_LEGENDRE, DEFAULT_STEPS, 0, 0);
    }

    /**
     * @param b the reference point
     * @return a changed copy
     */
    public IntegratedGradients withBaseline(Baseline b) {
        return new IntegratedGradients(b, rule, steps, tolerance, internalBatch);
    }

    /**
     * @param input the model's input shape, without batch
     * @throws IllegalArgumentException when the baseline cannot be made for it
     */
    void requireFits(org.saliency4j.tensor.Shape input) {
        baseline.requireFits(input);
    }

    /**
     * @param q the quadrature rule
     * @return a changed copy
     */
    public IntegratedGradients withRule(Quadrature q) {
        return new IntegratedGradients(baseline, q, steps, tolerance, internalBatch);
    }

    /**
     * @param n the number of Gauss-Legendre nodes or trapezoid intervals
     * @return a changed copy
     */
    public IntegratedGradients withSteps(int n) {
        return new IntegratedGradients(baseline, rule, n, tolerance, internalBatch);
    }

    /**
     * @param fraction double the steps until |completeness delta| is at most this fraction of |S(x) - S(x')|;
     *                 0 for a fixed number of steps
     * @return a changed copy
     */
    public IntegratedGradients withTolerance(double fraction) {
        return new IntegratedGradients(baseline, rule, steps, fraction, internalBatch);
    }

    /**
     * @param n inputs per pass through the model; 0 for the model's default
     * @return a changed copy
     */
    public IntegratedGradients withInternalBatch(int n) {
        return new IntegratedGradients(baseline, rule, steps, tolerance, n);
    }

    @Override
    public String name() {
        return "integrated-gradients";
    }

    /**
     * Forward passes for each image's score and its baseline's, then the rule's points with their backward
     * passes (with a tolerance, those of the first try: how often the steps double is known only as they run).
     */
    @Override
    public void announce(CompiledModel model, int images) {
        model.announceForwardWork(2L * images);
        model.announceWork((long) (rule == Quadrature.TRAPEZOID ? steps + 1 : steps) * images);
    }

    @Override
    public List<Attribution> explain(CompiledModel model, Tensor images, Target target) {
        Model m = model.model();
        Scored s = Scored.of(model, images, target, internalBatch);
        double[] x = s.values();
        int batch = s.batch();
        Shape input = m.inputShape();
        int per = s.perImage();
        List<Attribution> out = new ArrayList<>();
        for (int image = 0; image < s.count(); image++) {
            double[] from = new double[per];
            baseline.fill(x, image * per, input, from);
            int c = s.classes()[image];
            double[] baselineScore = new double[1];
            Scoring.scores(model, 1, (k, into, at) -> System.arraycopy(from, 0, into, at, per), k -> c, false, batch,
                    (k, score) -> baselineScore[0] = score);
            double difference = s.score(image) - baselineScore[0];
            int n = steps;
            double[] map;
            double delta;
            while (true) {
                map = integrate(model, x, image * per, from, c, n, batch);
                double sum = 0;
                for (double v : map) {
                    sum += v;
                }
                delta = sum - difference;
                if (tolerance == 0 || Math.abs(delta) <= tolerance * Math.abs(difference) || 2 * n > MAX_STEPS) {
                    break;
                }
                n *= 2;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("completenessDelta", delta);
            details.put("steps", n);
            details.put("baselineScore", baselineScore[0]);
            out.add(new Attribution(Tensor.ofDoubles(input, map), c, s.score(image), details));
        }
        return out;
    }

    /** {@code (x - x') * sum_k w_k grad(x' + a_k (x - x'))} in double, the points in order. */
    private double[] integrate(CompiledModel model, double[] x, int offset, double[] from, int c, int n, int batch) {
        int per = from.length;
        double[][] points = rule.rule(n);
        double[] a = points[0];
        double[] w = points[1];
        double[] sum = new double[per];
        Scoring.gradients(model, a.length, (k, into, at) -> {
            for (int e = 0; e < per; e++) {
                into[at + e] = from[e] + a[k] * (x[offset + e] - from[e]);
            }
        }, Target.classIndex(c), BackwardRule.STANDARD, model.model().input(), batch,
                (k, t, score, g, at, value, valueAt) -> {
                    for (int e = 0; e < per; e++) {
                        sum[e] += w[k] * g[at + e];
                    }
                });
        for (int e = 0; e < per; e++) {
            sum[e] *= x[offset + e] - from[e];
        }
        return sum;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("baseline", baseline.toString());
        m.put("rule", rule.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("steps", steps);
        m.put("tolerance", tolerance);
        return m;
    }

    @Override
    public String toString() {
        return name() + " (" + baseline + " baseline, " + rule + " with " + steps + " steps"
                + (tolerance > 0 ? ", doubling to a completeness delta within " + tolerance : "") + ")";
    }
}
