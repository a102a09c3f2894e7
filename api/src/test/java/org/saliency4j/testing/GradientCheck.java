package org.saliency4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;

/**
 * Checks a backend's forward values and input gradient against {@link ReferenceForward}, the double-precision
 * forward pass: values directly, gradients through central differences in double precision.
 *
 * <p>The steps are small enough that, at a random point, no ReLU or max-pool kink lies within them (a step along
 * a random direction moves every input, so it is smaller still: on CIFAR-10_CNN5 a 1e-6 step in every pixel
 * shifts conv_0 by up to 1e-5, and a random image has max-pool windows whose two largest values are closer than
 * that), and large enough that double rounding (about 1e-16 relative) adds errors below 1e-7. What remains is
 * the backend's own float32 error. Errors are measured against the largest element of the compared quantity, because
 * individual elements can be near zero.
 */
public final class GradientCheck {
    /** Central-difference step in one coordinate, in double precision. */
    public static final double STEP = 1e-7;
    /** Central-difference step along a random direction of +-1 in every coordinate. */
    public static final double DIRECTION_STEP = 1e-9;
    /** Coordinates checked one by one when the input is larger than this. */
    private static final int SAMPLED_COORDINATES = 48;
    /** Random directions checked in addition to single coordinates. */
    private static final int DIRECTIONS = 3;

    private GradientCheck() {
    }

    /**
     * Asserts that the backend's activation at {@code layer} and its input gradient of {@code objective} match the
     * double-precision reference.
     *
     * @param model     the compiled model
     * @param layer     the layer the objective reads
     * @param objective the objective
     * @param x         the input point; not modified
     * @param tolerance the largest error allowed, as a fraction of the largest element compared
     */
    public static void assertMatches(CompiledModel model, Layer layer, TestObjective objective, Tensor x,
                                     double tolerance) {
        int lastAxis = layer.outputShape().dim(-1);
        int batch = x.batchSize();
        String what = objective + " at layer " + layer;
        double[] x0 = toDoubles(x.toArray());
        double[] analytic;
        try (ForwardPass pass = model.forward(x)) {
            Tensor a = objective.atPreActivation() ? pass.preActivation(layer) : pass.output(layer);
            double[] activation = toDoubles(a.toArray());
            double[] reference = read(model, layer, objective, x0, batch);
            assertClose(activation, reference, tolerance, what + ": forward value");
            Tensor g = Tensor.ofDoubles(a.shape(), objective.gradient(activation, lastAxis));
            analytic = toDoubles((objective.atPreActivation()
                    ? pass.inputGradientFromPreActivation(layer, g) : pass.inputGradient(layer, g)).toArray());
        }
        assertGradient(model.model(), layer, objective, x0, batch, analytic, tolerance, what);
    }

    /**
     * Asserts that a gradient with respect to a model's input matches central differences of the objective through
     * {@link ReferenceForward}, the double-precision forward pass.
     *
     * @param model     the model the differences run through
     * @param layer     the layer the objective reads
     * @param objective the objective
     * @param x0        the input point, batch first; not modified
     * @param batch     the batch size
     * @param analytic  the gradient to check, the shape of {@code x0}; not modified
     * @param tolerance the largest error allowed, as a fraction of the largest element compared
     * @param what      what is checked, for messages
     */
    public static void assertGradient(Model model, Layer layer, TestObjective objective, double[] x0, int batch,
                                      double[] analytic, double tolerance, String what) {
        double scale = maxAbs(analytic);
        assertThat(scale).as("the gradient of %s must not vanish, or the check proves nothing", what).isPositive();

        Random random = new Random(1234);
        int n = x0.length;
        for (int c = 0; c < Math.min(n, SAMPLED_COORDINATES); c++) {
            int i = n <= SAMPLED_COORDINATES ? c : random.nextInt(n);
            double[] plus = x0.clone();
            double[] minus = x0.clone();
            plus[i] += STEP;
            minus[i] -= STEP;
            double numeric = (f(model, layer, objective, plus, batch) - f(model, layer, objective, minus, batch))
                    / (2 * STEP);
            assertThat(Math.abs(numeric - analytic[i]))
                    .as("%s: d/dx[%d] analytic %s, central difference %s", what, i, analytic[i], numeric)
                    .isLessThanOrEqualTo(tolerance * scale);
        }
        for (int d = 0; d < DIRECTIONS; d++) {
            double[] v = new double[n];
            double predicted = 0;
            double magnitude = 0;
            for (int i = 0; i < n; i++) {
                v[i] = random.nextBoolean() ? 1 : -1;
                predicted += analytic[i] * v[i];
                magnitude += Math.abs(analytic[i]);
            }
            double[] plus = x0.clone();
            double[] minus = x0.clone();
            for (int i = 0; i < n; i++) {
                plus[i] += DIRECTION_STEP * v[i];
                minus[i] -= DIRECTION_STEP * v[i];
            }
            double numeric = (f(model, layer, objective, plus, batch) - f(model, layer, objective, minus, batch))
                    / (2 * DIRECTION_STEP);
            assertThat(Math.abs(numeric - predicted))
                    .as("%s: derivative along random direction %d, analytic %s, central difference %s",
                            what, d, predicted, numeric)
                    .isLessThanOrEqualTo(tolerance * magnitude);
        }
    }

    /**
     * Asserts that two arrays agree within a fraction of the reference's largest element.
     *
     * @param actual    the backend's values; not modified
     * @param reference the reference values; not modified
     * @param tolerance the fraction
     * @param what      what is compared, for the message
     */
    public static void assertClose(double[] actual, double[] reference, double tolerance, String what) {
        assertThat(actual.length).as(what).isEqualTo(reference.length);
        double bound = tolerance * Math.max(maxAbs(reference), Double.MIN_NORMAL);
        for (int i = 0; i < actual.length; i++) {
            assertThat(Math.abs(actual[i] - reference[i]))
                    .as("%s [%d]: %s, reference %s", what, i, actual[i], reference[i]).isLessThanOrEqualTo(bound);
        }
    }

    private static double[] read(CompiledModel model, Layer layer, TestObjective objective, double[] x, int batch) {
        return read(model.model(), layer, objective, x, batch);
    }

    private static double[] read(Model model, Layer layer, TestObjective objective, double[] x, int batch) {
        Map<Layer, ReferenceForward.Values> values = ReferenceForward.run(model, x, batch);
        ReferenceForward.Values v = values.get(layer);
        return objective.atPreActivation() ? v.preActivation() : v.output();
    }

    private static double f(Model model, Layer layer, TestObjective objective, double[] x, int batch) {
        return objective.value(read(model, layer, objective, x, batch), layer.outputShape().dim(-1));
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }

    /**
     * Converts floats to doubles exactly.
     *
     * @param v the values; not modified
     * @return the same values as doubles
     */
    public static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /**
     * The channel (last-axis index) with the largest norm, so that a channel objective has a gradient to check.
     *
     * @param a an activation
     * @return the channel index
     */
    public static int strongestChannel(Tensor a) {
        int k = a.shape().dim(-1);
        double[] norms = new double[k];
        float[] v = a.toArray();
        for (int i = 0; i < v.length; i++) {
            norms[i % k] += (double) v[i] * v[i];
        }
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (norms[c] > norms[best]) {
                best = c;
            }
        }
        return best;
    }
}
