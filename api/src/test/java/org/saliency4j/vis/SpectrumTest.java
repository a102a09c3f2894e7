package org.saliency4j.vis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Lucid's Fourier image: the plane against numpy's irfft2 (benchmarks/peer/vis-reference/fourier_reference.py and its
 * output), and the adjoint against the forward map by the dot-product test, exact to rounding.
 */
class SpectrumTest {
    private static double[] plane(int h, int w) {
        Spectrum s = new Spectrum(h, w, 1);
        double[] p = new double[s.parameters()];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.sin(0.7 * i) + 0.01 * i;
        }
        double[] out = new double[h * w];
        s.forward(p, 0, out, 0, 1);
        return out;
    }

    private static void assertPlane(int h, int w, double first, double last, double sum, double sumOfSquares) {
        double[] x = plane(h, w);
        assertThat(x[0]).as("%dx%d first", h, w).isCloseTo(first, within(1e-12));
        assertThat(x[x.length - 1]).as("%dx%d last", h, w).isCloseTo(last, within(1e-12));
        double s = 0;
        double q = 0;
        for (double v : x) {
            s += v;
            q += v * v;
        }
        assertThat(s).as("%dx%d sum", h, w).isCloseTo(sum, within(1e-11));
        assertThat(q).as("%dx%d sum of squares", h, w).isCloseTo(sumOfSquares, within(1e-10));
    }

    @Test
    void theImageIsNumpysInverseTransformOfTheScaledSpectrum() {
        // fourier_reference.txt, numpy 1.24 in float64.
        assertPlane(5, 6, 0.4910353819064709, 0.33212367974940155, -6.106226635438361e-16, 18.39824885291403);
        assertPlane(4, 7, 0.3866477150094004, 0.26894298631576263, -2.6896361614174085, 15.756069733290529);
        assertPlane(8, 8, 1.5737413547779544, 0.22044408622957218, 8.881784197001252e-16, 49.612917522736225);
    }

    @Test
    void frequenciesAndScaleAreLucids() {
        assertThat(Spectrum.frequency(2, 5)).isEqualTo(0.4);
        assertThat(Spectrum.frequency(3, 5)).isEqualTo(-0.4);
        assertThat(Spectrum.frequency(4, 8)).isEqualTo(-0.5);
        Spectrum s = new Spectrum(32, 32, 1);
        // The constant term is floored at 1/32 cycles per pixel: sqrt(32 * 32) * 32.
        assertThat(s.scale(0, 0)).isEqualTo(1024.0);
        assertThat(s.scale(0, 1)).isCloseTo(32.0 * 32, within(1e-9));
        assertThat(s.scale(3, 4)).isCloseTo(32.0 / Math.hypot(3 / 32.0, 4 / 32.0), within(1e-9));
        assertThat(new Spectrum(4, 7, 1).parameters()).isEqualTo(2 * 4 * 5);
    }

    @Test
    void theBackwardPassIsTheForwardPassAdjoint() {
        SplittableRandom r = new SplittableRandom(3);
        for (int[] size : new int[][] {{5, 6}, {4, 7}, {32, 32}, {9, 3}}) {
            int h = size[0];
            int w = size[1];
            Spectrum s = new Spectrum(h, w, 1);
            double[] p = new double[s.parameters()];
            double[] g = new double[h * w * 3];
            for (int i = 0; i < p.length; i++) {
                p[i] = r.nextGaussian();
            }
            for (int i = 0; i < g.length; i++) {
                g[i] = r.nextGaussian();
            }
            // Interleaved as channel 1 of three, to exercise the stride.
            double[] x = new double[h * w * 3];
            s.forward(p, 0, x, 1, 3);
            double[] back = new double[s.parameters() + 2];
            s.backward(g, 1, 3, back, 2);
            double ax = 0;
            double norm = 0;
            for (int i = 0; i < h * w; i++) {
                ax += x[1 + 3 * i] * g[1 + 3 * i];
                norm += Math.abs(x[1 + 3 * i] * g[1 + 3 * i]);
            }
            double pb = 0;
            for (int i = 0; i < p.length; i++) {
                pb += p[i] * back[2 + i];
            }
            assertThat(pb).as("%dx%d", h, w).isCloseTo(ax, within(1e-12 * norm));
        }
    }
}
