package org.saliency4j.vis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast transform against the plain sum X[k] = sum_t x[t] e^{sign 2 pi i k t / n}, on lengths that exercise each
 * radix: powers of four and two, odd primes small and large, and the mixed lengths of 224-pixel images.
 */
class FftTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 17, 30, 31, 32, 36, 49, 64, 97, 112, 224, 226, 256})
    void equalsThePlainSumInBothDirections(int n) {
        Fft fft = new Fft(n);
        SplittableRandom r = new SplittableRandom(n);
        double[] xr = new double[n];
        double[] xi = new double[n];
        for (int t = 0; t < n; t++) {
            xr[t] = r.nextDouble(-1, 1);
            xi[t] = r.nextDouble(-1, 1);
        }
        for (int sign : new int[] {1, -1}) {
            double[] re = xr.clone();
            double[] im = xi.clone();
            fft.transform(re, im, sign, new double[2][n]);
            for (int k = 0; k < n; k++) {
                double sr = 0;
                double si = 0;
                for (int t = 0; t < n; t++) {
                    double a = sign * 2 * Math.PI * ((long) k * t % n) / n;
                    sr += xr[t] * Math.cos(a) - xi[t] * Math.sin(a);
                    si += xr[t] * Math.sin(a) + xi[t] * Math.cos(a);
                }
                assertThat(re[k]).as("n %d sign %d re[%d]", n, sign, k).isCloseTo(sr, within(1e-12 * n));
                assertThat(im[k]).as("n %d sign %d im[%d]", n, sign, k).isCloseTo(si, within(1e-12 * n));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 32, 224})
    void aBatchEqualsItsSequencesOneByOne(int n) {
        Fft fft = new Fft(n);
        int batch = 5;
        SplittableRandom r = new SplittableRandom(3);
        double[] re = new double[n * batch];
        double[] im = new double[n * batch];
        for (int i = 0; i < re.length; i++) {
            re[i] = r.nextDouble(-1, 1);
            im[i] = r.nextDouble(-1, 1);
        }
        double[] bre = re.clone();
        double[] bim = im.clone();
        fft.transform(bre, bim, batch, -1, new double[2][n * batch]);
        for (int b = 0; b < batch; b++) {
            double[] sr = new double[n];
            double[] si = new double[n];
            for (int t = 0; t < n; t++) {
                sr[t] = re[t * batch + b];
                si[t] = im[t * batch + b];
            }
            fft.transform(sr, si, -1, new double[2][n]);
            for (int t = 0; t < n; t++) {
                assertThat(bre[t * batch + b]).as("sequence %d re[%d]", b, t).isEqualTo(sr[t]);
                assertThat(bim[t * batch + b]).as("sequence %d im[%d]", b, t).isEqualTo(si[t]);
            }
        }
    }
}
