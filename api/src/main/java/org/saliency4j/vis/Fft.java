package org.saliency4j.vis;

import java.util.ArrayList;
import java.util.List;

/**
 * The discrete Fourier transform of one length n, any n, as a mixed-radix Stockham (self-sorting, decimation in
 * time) fast transform: {@code X[k] = sum_t x[t] e^{sign 2 pi i k t / n}}, unnormalised. Radix 4 and 2 are written
 * out, every other prime factor is a small direct transform, so lengths with large prime factors cost up to n^2 as
 * the plain sum would. Plans are immutable; {@link #transform} needs the caller's scratch of n values per part.
 *
 * <p>Stage invariant: with {@code L} the length transformed so far and {@code R = n / L}, {@code a[j + R k]} holds
 * the length-L transform of the subsequence {@code x[j + R t]}, at frequency k. A radix-p stage makes it hold the
 * length-pL transform of {@code x[j + (R/p) t]}, combining the p subsequences that interleave into it.
 */
final class Fft {
    private final int n;
    private final int[] radices;
    /** Per stage, the twiddle factors w_{pL}^{r k} for r in [0, p), k in [0, L), at [r * L + k]. */
    private final double[][] twiddleRe;
    private final double[][] twiddleIm;
    /** Per stage, the p-th roots of unity e^{2 pi i q / p} for the direct transforms of odd radices. */
    private final double[][] rootRe;
    private final double[][] rootIm;

    /** @param n the length, 1 or more */
    Fft(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a transform's length is 1 or more, not " + n);
        }
        this.n = n;
        this.radices = factor(n);
        twiddleRe = new double[radices.length][];
        twiddleIm = new double[radices.length][];
        rootRe = new double[radices.length][];
        rootIm = new double[radices.length][];
        int l = 1;
        for (int s = 0; s < radices.length; s++) {
            int p = radices[s];
            twiddleRe[s] = new double[p * l];
            twiddleIm[s] = new double[p * l];
            for (int r = 0; r < p; r++) {
                for (int k = 0; k < l; k++) {
                    double a = 2 * Math.PI * ((long) r * k % ((long) p * l)) / (p * l);
                    twiddleRe[s][r * l + k] = Math.cos(a);
                    twiddleIm[s][r * l + k] = Math.sin(a);
                }
            }
            rootRe[s] = new double[p];
            rootIm[s] = new double[p];
            for (int q = 0; q < p; q++) {
                rootRe[s][q] = Math.cos(2 * Math.PI * q / p);
                rootIm[s][q] = Math.sin(2 * Math.PI * q / p);
            }
            l *= p;
        }
    }

    /** Fours first, then a two, then the odd primes in increasing order. */
    private static int[] factor(int n) {
        List<Integer> f = new ArrayList<>();
        int m = n;
        while (m % 4 == 0) {
            f.add(4);
            m /= 4;
        }
        if (m % 2 == 0) {
            f.add(2);
            m /= 2;
        }
        for (int p = 3; (long) p * p <= m; p += 2) {
            while (m % p == 0) {
                f.add(p);
                m /= p;
            }
        }
        if (m > 1) {
            f.add(m);
        }
        return f.stream().mapToInt(Integer::intValue).toArray();
    }

    /** @return the length */
    int length() {
        return n;
    }

    /**
     * Transforms in place.
     *
     * @param re      the real parts, n values; replaced by the transform's
     * @param im      the imaginary parts; likewise
     * @param sign    +1 for the inverse direction's exponent (without its 1/n), -1 for the forward one
     * @param scratch two arrays of at least n values, overwritten
     */
    void transform(double[] re, double[] im, int sign, double[][] scratch) {
        transform(re, im, 1, sign, scratch);
    }

    /**
     * Transforms {@code batch} sequences at once, in place: value t of sequence b at {@code [t * batch + b]}, so that
     * the innermost loops run along the batch.
     *
     * @param re      the real parts, n x batch values; replaced by the transforms'
     * @param im      the imaginary parts; likewise
     * @param batch   the number of sequences
     * @param sign    +1 for the inverse direction's exponent (without its 1/n), -1 for the forward one
     * @param scratch two arrays of at least n x batch values, overwritten
     */
    void transform(double[] re, double[] im, int batch, int sign, double[][] scratch) {
        double[] ar = re;
        double[] ai = im;
        double[] br = scratch[0];
        double[] bi = scratch[1];
        int l = 1;
        for (int s = 0; s < radices.length; s++) {
            int p = radices[s];
            int rNext = n / (l * p);
            if (p == 2) {
                radix2(s, l, rNext, batch, sign, ar, ai, br, bi);
            } else if (p == 4) {
                radix4(s, l, rNext, batch, sign, ar, ai, br, bi);
            } else {
                direct(s, p, l, rNext, batch, sign, ar, ai, br, bi);
            }
            double[] t = ar;
            ar = br;
            br = t;
            t = ai;
            ai = bi;
            bi = t;
            l *= p;
        }
        if (ar != re) {
            System.arraycopy(ar, 0, re, 0, n * batch);
            System.arraycopy(ai, 0, im, 0, n * batch);
        }
    }

    /*
     * A radix-p stage: b[j + R' (k + L q)] = sum_r w_p^{r q} w_{pL}^{r k} a[j + R' r + R k], with R = p R', for
     * k in [0, L), j in [0, R'); the roots' imaginary parts carry the sign. Indices count whole batches.
     */

    private void radix2(int s, int l, int rNext, int batch, int sign, double[] ar, double[] ai, double[] br,
                        double[] bi) {
        int r = 2 * rNext;
        for (int k = 0; k < l; k++) {
            double wr = twiddleRe[s][l + k];
            double wi = sign * twiddleIm[s][l + k];
            for (int j = 0; j < rNext; j++) {
                int i0 = (j + r * k) * batch;
                int i1 = i0 + rNext * batch;
                int o0 = (j + rNext * k) * batch;
                int o1 = o0 + rNext * l * batch;
                for (int b = 0; b < batch; b++) {
                    double x1r = ar[i1 + b] * wr - ai[i1 + b] * wi;
                    double x1i = ar[i1 + b] * wi + ai[i1 + b] * wr;
                    br[o0 + b] = ar[i0 + b] + x1r;
                    bi[o0 + b] = ai[i0 + b] + x1i;
                    br[o1 + b] = ar[i0 + b] - x1r;
                    bi[o1 + b] = ai[i0 + b] - x1i;
                }
            }
        }
    }

    private void radix4(int s, int l, int rNext, int batch, int sign, double[] ar, double[] ai, double[] br,
                        double[] bi) {
        int r = 4 * rNext;
        int in = rNext * batch;
        int step = rNext * l * batch;
        for (int k = 0; k < l; k++) {
            double w1r = twiddleRe[s][l + k];
            double w1i = sign * twiddleIm[s][l + k];
            double w2r = twiddleRe[s][2 * l + k];
            double w2i = sign * twiddleIm[s][2 * l + k];
            double w3r = twiddleRe[s][3 * l + k];
            double w3i = sign * twiddleIm[s][3 * l + k];
            for (int j = 0; j < rNext; j++) {
                int i0 = (j + r * k) * batch;
                int o0 = (j + rNext * k) * batch;
                for (int b = 0; b < batch; b++) {
                    int i1 = i0 + in + b;
                    int i2 = i1 + in;
                    int i3 = i2 + in;
                    double x0r = ar[i0 + b];
                    double x0i = ai[i0 + b];
                    double x1r = ar[i1] * w1r - ai[i1] * w1i;
                    double x1i = ar[i1] * w1i + ai[i1] * w1r;
                    double x2r = ar[i2] * w2r - ai[i2] * w2i;
                    double x2i = ar[i2] * w2i + ai[i2] * w2r;
                    double x3r = ar[i3] * w3r - ai[i3] * w3i;
                    double x3i = ar[i3] * w3i + ai[i3] * w3r;
                    double s02r = x0r + x2r;
                    double s02i = x0i + x2i;
                    double d02r = x0r - x2r;
                    double d02i = x0i - x2i;
                    double s13r = x1r + x3r;
                    double s13i = x1i + x3i;
                    // (x1 - x3) times e^{sign i pi / 2} = sign * i.
                    double d13r = -sign * (x1i - x3i);
                    double d13i = sign * (x1r - x3r);
                    int o = o0 + b;
                    br[o] = s02r + s13r;
                    bi[o] = s02i + s13i;
                    br[o + step] = d02r + d13r;
                    bi[o + step] = d02i + d13i;
                    br[o + 2 * step] = s02r - s13r;
                    bi[o + 2 * step] = s02i - s13i;
                    br[o + 3 * step] = d02r - d13r;
                    bi[o + 3 * step] = d02i - d13i;
                }
            }
        }
    }

    private void direct(int s, int p, int l, int rNext, int batch, int sign, double[] ar, double[] ai, double[] br,
                        double[] bi) {
        int r = p * rNext;
        double[] twr = twiddleRe[s];
        double[] twi = twiddleIm[s];
        double[] cr = rootRe[s];
        double[] ci = rootIm[s];
        double[] xr = new double[p];
        double[] xi = new double[p];
        int step = rNext * l * batch;
        for (int k = 0; k < l; k++) {
            for (int j = 0; j < rNext; j++) {
                int i0 = (j + r * k) * batch;
                int o0 = (j + rNext * k) * batch;
                for (int b = 0; b < batch; b++) {
                    for (int q = 0; q < p; q++) {
                        int at = i0 + q * rNext * batch + b;
                        double wr = twr[q * l + k];
                        double wi = sign * twi[q * l + k];
                        xr[q] = ar[at] * wr - ai[at] * wi;
                        xi[q] = ar[at] * wi + ai[at] * wr;
                    }
                    for (int q = 0; q < p; q++) {
                        double sr = 0;
                        double si = 0;
                        for (int t = 0; t < p; t++) {
                            int e = (int) ((long) q * t % p);
                            double wr = cr[e];
                            double wi = sign * ci[e];
                            sr += xr[t] * wr - xi[t] * wi;
                            si += xr[t] * wi + xi[t] * wr;
                        }
                        br[o0 + step * q + b] = sr;
                        bi[o0 + step * q + b] = si;
                    }
                }
            }
        }
    }
}
