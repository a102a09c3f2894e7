package org.saliency4j.vis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.saliency4j.tensor.Shape;

/**
 * The image parameterisations: Lucid's colour matrix, the sigmoid's range, and the gradient of every combination
 * against central finite differences in double precision.
 */
class ImageParameterizationTest {
    @Test
    void lucidsColourMatrixIsNormalisedByItsLargestColumn() {
        double[][] n = ImageParameterization.normalised(new double[][] {{0.26, 0.09, 0.02}, {0.27, 0.00, -0.05},
                {0.27, -0.09, 0.03}});
        double largest = Math.sqrt(0.26 * 0.26 + 0.27 * 0.27 + 0.27 * 0.27);
        assertThat(n[0][0]).isCloseTo(0.26 / largest, within(1e-15));
        assertThat(n[2][1]).isCloseTo(-0.09 / largest, within(1e-15));
        assertThat(Math.sqrt(n[0][0] * n[0][0] + n[1][0] * n[1][0] + n[2][0] * n[2][0])).isCloseTo(1, within(1e-15));
    }

    @Test
    void imagesLieInTheUnitIntervalAndTheSeedFixesTheStart() {
        ImageParameterization f = ImageParameterization.fourier();
        Shape s = Shape.of(7, 6, 3);
        assertThat(f.initial(s, 4)).containsExactly(f.initial(s, 4));
        assertThat(f.initial(s, 4)).isNotEqualTo(f.initial(s, 5));
        double[] p = f.initial(s, 4);
        for (int i = 0; i < p.length; i++) {
            p[i] *= 300;
        }
        for (double v : f.render(s, p).image()) {
            assertThat(v).isBetween(0.0, 1.0);
        }
    }

    @Test
    void everyCombinationsGradientMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(8);
        ImageParameterization[] all = {ImageParameterization.fourier(), ImageParameterization.pixels(),
                ImageParameterization.fourier().withDecorrelation(false).withDecay(1.5),
                ImageParameterization.pixels().withDecorrelation(false)};
        for (Shape s : new Shape[] {Shape.of(5, 6, 3), Shape.of(4, 7, 1)}) {
            for (ImageParameterization param : all) {
                double[] p = param.initial(s, 1);
                for (int i = 0; i < p.length; i++) {
                    p[i] = 0.3 * r.nextGaussian();
                }
                double[] weights = new double[s.size()];
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = r.nextGaussian();
                }
                double[] g = param.backward(param.render(s, p), weights);
                double step = 1e-6;
                for (int k = 0; k < p.length; k += Math.max(1, p.length / 17)) {
                    double[] up = p.clone();
                    double[] down = p.clone();
                    up[k] += step;
                    down[k] -= step;
                    double numeric = (dot(param.render(s, up).image(), weights)
                            - dot(param.render(s, down).image(), weights)) / (2 * step);
                    // Central differences in double: error of order step^2 times the third derivative, and rounding
                    // of order 1e-16 / step.
                    assertThat(g[k]).as("%s, parameter %d", s, k).isCloseTo(numeric,
                            within(1e-7 * Math.max(1, Math.abs(numeric))));
                }
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
