package org.saliency4j.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** Integrated Gradients against the cases whose answer is known: Captum's own, completeness, the rules. */
class IntegratedGradientsTest {
    private Backend backend;

    @BeforeEach
    void open() {
        backend = new CpuBackendProvider().create();
    }

    @AfterEach
    void close() {
        backend.close();
    }

    /** f(x1, x2) = ReLU(ReLU(x1) - 1 - ReLU(x2)), the toy model of Captum's Integrated Gradients tests. */
    private static Model captumToy() {
        Model.Builder b = Model.builder("toy");
        Layer in = b.input("in", Shape.of(2));
        Layer relus = b.add("relus", "Activation", new LayerOp.Identity(), Activation.RELU, in);
        Layer f = b.add("f", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(2, 1), 1, -1), Tensor.of(Shape.of(1), -1)),
                Activation.RELU, relus);
        // A linear layer on top, so that the score (the value before the last activation) is f itself.
        return b.build(b.add("score", "Activation", new LayerOp.Identity(), Activation.LINEAR, f));
    }

    @Test
    void captumsToyModelGetsItsKnownAttributions() {
        // Along x = a (3, 1), f = ReLU(2a - 1): 0 up to a = 1/2, then slopes (1, -1); so IG = (3, 1) * (1/2, -1/2).
        try (CompiledModel compiled = backend.compile(captumToy())) {
            Attribution a = Attributions.integratedGradients().explain(compiled, Tensor.of(Shape.of(1, 2), 3, 1),
                    Target.classIndex(0)).get(0);
            assertThat(a.map().get(0)).isCloseTo(1.5f, within(0.05f));
            assertThat(a.map().get(1)).isCloseTo(-0.5f, within(0.05f));
            assertThat(a.score()).isEqualTo(1.0);
            assertThat((Double) a.details().get("baselineScore")).isZero();
            assertThat((Integer) a.details().get("steps")).isEqualTo(50);
        }
    }

    /** A smooth model: conv 3x3 with tanh, dense with tanh, dense logits of 3 classes; seeded weights. */
    static Model smooth() {
        java.util.Random r = new java.util.Random(5);
        Model.Builder b = Model.builder("smooth");
        Layer in = b.input("in", Shape.of(5, 5, 2));
        Layer conv = b.add("conv", "Conv2D", new LayerOp.Conv2D(weights(r, 3, 3, 2, 4), weights(r, 4), 1, 1,
                org.saliency4j.model.Padding.VALID), Activation.TANH, in);
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, conv);
        Layer hidden = b.add("hidden", "Dense", new LayerOp.Dense(weights(r, 36, 6), weights(r, 6)), Activation.TANH,
                flat);
        return b.build(b.add("logits", "Dense", new LayerOp.Dense(weights(r, 6, 3), weights(r, 3)), Activation.SOFTMAX,
                hidden));
    }

    static Tensor weights(java.util.Random r, int... dims) {
        float[] v = new float[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.7);
        }
        return Tensor.of(Shape.of(dims), v);
    }

    static Tensor images(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[n * 50];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return Tensor.of(Shape.of(n, 5, 5, 2), v);
    }

    private static double sum(Tensor t) {
        double s = 0;
        for (float v : t.toArray()) {
            s += v;
        }
        return s;
    }

    @Test
    void theMapSumsToTheScoreDifferenceWithinOnePercentAndReportsHowFarItIs() {
        try (CompiledModel compiled = backend.compile(smooth())) {
            // Gauss-Legendre's 50 nodes are enough; the trapezoid rule's error falls as 1/n^2 and wants more.
            for (Quadrature rule : Quadrature.values()) {
                int steps = rule == Quadrature.GAUSS_LEGENDRE ? 50 : 200;
                for (Attribution a : Attributions.integratedGradients().withRule(rule).withSteps(steps).explain(compiled,
                        images(3, 1), Target.top1())) {
                    double difference = a.score() - (Double) a.details().get("baselineScore");
                    double delta = (Double) a.details().get("completenessDelta");
                    assertThat(Math.abs(delta)).as("%s", rule).isLessThanOrEqualTo(0.01 * Math.abs(difference));
                    assertThat(delta).as("the reported delta is the map's").isCloseTo(sum(a.map()) - difference,
                            within(1e-5 * Math.abs(difference)));
                }
            }
        }
    }

    @Test
    void withAToleranceTheStepsDoubleUntilCompletenessHolds() {
        try (CompiledModel compiled = backend.compile(smooth())) {
            Tensor image = images(1, 2);
            Attribution coarse = Attributions.integratedGradients().withRule(Quadrature.TRAPEZOID).withSteps(2)
                    .explain(compiled, image, Target.classIndex(1)).get(0);
            Attribution fine = Attributions.integratedGradients().withRule(Quadrature.TRAPEZOID).withSteps(2)
                    .withTolerance(1e-4).explain(compiled, image, Target.classIndex(1)).get(0);
            double difference = fine.score() - (Double) fine.details().get("baselineScore");
            assertThat(Math.abs((Double) coarse.details().get("completenessDelta"))).isGreaterThan(1e-4 * Math.abs(difference));
            assertThat(Math.abs((Double) fine.details().get("completenessDelta")))
                    .isLessThanOrEqualTo(1e-4 * Math.abs(difference));
            int steps = (Integer) fine.details().get("steps");
            assertThat(steps).as("2 doubled").isGreaterThan(2);
            assertThat(Integer.bitCount(steps)).as("2 doubled, %d", steps).isEqualTo(1);
        }
    }

    @Test
    void gaussLegendreIsExactForPolynomialsUpToDegreeTwoNMinusOne() {
        for (int n : List.of(1, 2, 3, 7, 50)) {
            double[][] rule = Quadrature.GAUSS_LEGENDRE.rule(n);
            for (int degree = 0; degree <= 2 * n - 1; degree++) {
                double integral = 0;
                for (int k = 0; k < n; k++) {
                    integral += rule[1][k] * Math.pow(rule[0][k], degree);
                }
                assertThat(integral).as("n %d, degree %d", n, degree).isCloseTo(1.0 / (degree + 1), within(1e-13));
            }
        }
        double[][] two = Quadrature.GAUSS_LEGENDRE.rule(2);
        assertThat(two[0][0]).isCloseTo((1 - 1 / Math.sqrt(3)) / 2, within(1e-15));
        assertThat(two[0][1]).isCloseTo((1 + 1 / Math.sqrt(3)) / 2, within(1e-15));
        double[][] trapezoid = Quadrature.TRAPEZOID.rule(4);
        assertThat(trapezoid[0]).containsExactly(0, 0.25, 0.5, 0.75, 1);
        assertThat(trapezoid[1]).containsExactly(0.125, 0.25, 0.25, 0.25, 0.125);
    }

    @Test
    void aBaselineImageAndABlurredCopyAreIntegratedFrom() {
        try (CompiledModel compiled = backend.compile(smooth())) {
            Tensor image = images(1, 3);
            Tensor grey = Tensor.filled(Shape.of(5, 5, 2), 0.5f);
            for (Baseline b : List.of(Baseline.image(grey), Baseline.blurred(1.0))) {
                Attribution a = Attributions.integratedGradients().withBaseline(b).explain(compiled, image,
                        Target.classIndex(2)).get(0);
                double difference = a.score() - (Double) a.details().get("baselineScore");
                assertThat(Math.abs((Double) a.details().get("completenessDelta")))
                        .as("%s", b).isLessThanOrEqualTo(0.01 * Math.abs(difference));
            }
            Attribution fromImage = Attributions.integratedGradients().withBaseline(Baseline.image(
                    image.reshape(Shape.of(5, 5, 2)))).explain(compiled, image, Target.classIndex(2)).get(0);
            for (float v : fromImage.map().toArray()) {
                assertThat(Math.abs(v)).as("from the image itself: nothing to attribute").isZero();
            }
        }
    }
}
