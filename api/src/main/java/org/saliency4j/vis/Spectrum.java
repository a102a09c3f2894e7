package org.saliency4j.vis;

/**
 * Lucid's Fourier image ({@code lucid.optvis.param.spatial.fft_image}) of one channel plane, as an exact linear map
 * and its adjoint. The parameters are the real and the imaginary parts of a half spectrum of h rows and
 * {@code fw = w/2 + 1} columns ({@code w/2 + 2} for odd w, as Lucid keeps); each coefficient is multiplied by
 * {@code sqrt(w h) / max(f, 1/max(w, h))^decay}, with f the frequency's magnitude in cycles per pixel
 * ({@code numpy.fft.fftfreq}), and the plane is the real inverse transform ({@code irfft2d}: the inverse complex
 * transform along the height, then the real one along a width of {@code W = 2 (fw - 1)}, the imaginary parts of its
 * constant and Nyquist columns dropped), cut to h x w and divided by 4.
 *
 * <p>Both passes are fast transforms ({@link Fft}), each over all columns or all rows at once: along the height a
 * complex one of length h per column, along the width a complex one of length W per pair of rows, on the rows'
 * Hermitian extensions (forward) or on the zero-padded row gradients (adjoint), one row as the real part and the
 * other as the imaginary part, since each row's own transform is real (forward) or of real values (adjoint). The
 * rows are held transposed (position, then pair) so that the batch of pairs is the innermost dimension.
 */
final class Spectrum {
    private final int h;
    private final int w;
    private final int fw;
    private final int wide;
    private final double[] scale;
    private final Fft height;
    private final Fft width;
    /** Per thread: the working arrays, reused by every call instead of allocated each step. */
    private final ThreadLocal<Work> work;

    /** A half spectrum (h x fw, two parts), the rows' extensions (W x h, two parts), the transforms' scratch. */
    private static final class Work {
        final double[] re;
        final double[] im;
        final double[] rowRe;
        final double[] rowIm;
        final double[][] scratch;

        Work(int h, int fw, int wide) {
            re = new double[h * fw];
            im = new double[h * fw];
            rowRe = new double[wide * h];
            rowIm = new double[wide * h];
            int n = Math.max(h * fw, wide * h);
            scratch = new double[][] {new double[n], new double[n]};
        }
    }

    /**
     * @param h     the plane's height
     * @param w     its width
     * @param decay the spectrum's 1/f exponent (Lucid: 1)
     */
    Spectrum(int h, int w, double decay) {
        this.h = h;
        this.w = w;
        this.fw = w % 2 == 1 ? w / 2 + 2 : w / 2 + 1;
        this.wide = 2 * (fw - 1);
        this.work = ThreadLocal.withInitial(() -> new Work(h, fw, wide));
        this.height = new Fft(h);
        this.width = new Fft(wide);
        this.scale = new double[h * fw];
        double floor = 1.0 / Math.max(h, w);
        for (int k = 0; k < h; k++) {
            double fy = frequency(k, h);
            for (int l = 0; l < fw; l++) {
                double fx = frequency(l, w);
                double f = Math.sqrt(fx * fx + fy * fy);
                scale[k * fw + l] = Math.sqrt((double) w * h) / Math.pow(Math.max(f, floor), decay);
            }
        }
    }

    /** {@code numpy.fft.fftfreq(n)[i]}: i / n for i below (n + 1) / 2, else (i - n) / n; here for i up to n. */
    static double frequency(int i, int n) {
        return (i < (n + 1) / 2 ? i : i - n) / (double) n;
    }

    /** @return the parameters per plane: real and imaginary parts of h x fw coefficients */
    int parameters() {
        return 2 * h * fw;
    }

    /** @return the spectrum's scale of coefficient (k, l), for tests */
    double scale(int k, int l) {
        return scale[k * fw + l];
    }

    /**
     * The plane.
     *
     * @param p      parameters (real parts, then imaginary parts, row-major), from {@code pOff}; not modified
     * @param pOff   where they start
     * @param out    the plane, h x w row-major, written with stride {@code stride} from {@code oOff}; modified
     * @param oOff   where it starts
     * @param stride the distance between two pixels in {@code out} (the channel count of an interleaved image)
     */
    void forward(double[] p, int pOff, double[] out, int oOff, int stride) {
        int half = h * fw;
        Work k = work.get();
        for (int i = 0; i < half; i++) {
            k.re[i] = p[pOff + i] * scale[i];
            k.im[i] = p[pOff + half + i] * scale[i];
        }
        // Along the height: Y[n][l] = (1/h) sum_k S[k][l] e^{+2 pi i k n / h}, column by column.
        columns(k, 1);
        // Along the width, real: x[m] = (1/W) sum_l Z[l] e^{+2 pi i l m / W}, Z the Hermitian extension of row n
        // (Z[0] and Z[W/2] real, Z[W - l] = conj(Z[l])), which is
        // (1/W)(Re Y0 + Re Y_{W/2} (-1)^m + 2 sum_{0<l<W/2} Re(Y_l e^{2 pi i l m / W})). Both rows of a pair
        // (n, n + pairs) go through one complex transform, as Z_a + i Z_b: each result is real, so the real part of
        // the transform is row a's and the imaginary part row b's.
        int nyquist = wide / 2;
        int pairs = (h + 1) / 2;
        for (int j = 0; j < pairs; j++) {
            int a = j * fw;
            boolean second = j + pairs < h;
            int b = (j + pairs) * fw;
            k.rowRe[j] = k.re[a];
            k.rowIm[j] = second ? k.re[b] : 0;
            k.rowRe[nyquist * pairs + j] = k.re[a + nyquist];
            k.rowIm[nyquist * pairs + j] = second ? k.re[b + nyquist] : 0;
            for (int l = 1; l < nyquist; l++) {
                double ar = k.re[a + l];
                double ai = k.im[a + l];
                double br = second ? k.re[b + l] : 0;
                double bi = second ? k.im[b + l] : 0;
                k.rowRe[l * pairs + j] = ar - bi;
                k.rowIm[l * pairs + j] = ai + br;
                k.rowRe[(wide - l) * pairs + j] = ar + bi;
                k.rowIm[(wide - l) * pairs + j] = br - ai;
            }
        }
        width.transform(k.rowRe, k.rowIm, pairs, 1, k.scratch);
        for (int j = 0; j < pairs; j++) {
            int a = oOff + j * w * stride;
            int b = oOff + (j + pairs) * w * stride;
            boolean second = j + pairs < h;
            for (int m = 0; m < w; m++) {
                out[a + m * stride] = k.rowRe[m * pairs + j] / wide / 4;
                if (second) {
                    out[b + m * stride] = k.rowIm[m * pairs + j] / wide / 4;
                }
            }
        }
    }

    /** Transforms every column of {@code k.re, k.im} along the height in place, divided by h. */
    private void columns(Work k, int sign) {
        height.transform(k.re, k.im, fw, sign, k.scratch);
        for (int i = 0; i < h * fw; i++) {
            k.re[i] /= h;
            k.im[i] /= h;
        }
    }

    /**
     * The adjoint: the gradient of the parameters from the gradient of the plane.
     *
     * @param g      the plane's gradient, h x w with stride {@code stride} from {@code gOff}; not modified
     * @param gOff   where it starts
     * @param stride the distance between two pixels in {@code g}
     * @param into   the parameters' gradient, added to from {@code iOff}; modified
     * @param iOff   where it starts
     */
    void backward(double[] g, int gOff, int stride, double[] into, int iOff) {
        int half = h * fw;
        int nyquist = wide / 2;
        Work k = work.get();
        // The width pass's adjoint: V = sum_m v[m] e^{-2 pi i l m / W} of the row gradient v (zero past w); the
        // constant and Nyquist terms take Re V, the others 2 V. The rows of a pair (n, n + pairs) go through one
        // transform as v_a + i v_b, whose result C parts into V_a[l] = (C[l] + conj C[-l]) / 2 and
        // V_b[l] = (C[l] - conj C[-l]) / 2i.
        int pairs = (h + 1) / 2;
        java.util.Arrays.fill(k.rowRe, 0, wide * pairs, 0);
        java.util.Arrays.fill(k.rowIm, 0, wide * pairs, 0);
        for (int j = 0; j < pairs; j++) {
            int a = gOff + j * w * stride;
            int b = gOff + (j + pairs) * w * stride;
            boolean second = j + pairs < h;
            for (int m = 0; m < w; m++) {
                k.rowRe[m * pairs + j] = g[a + m * stride] / wide / 4;
                if (second) {
                    k.rowIm[m * pairs + j] = g[b + m * stride] / wide / 4;
                }
            }
        }
        width.transform(k.rowRe, k.rowIm, pairs, -1, k.scratch);
        for (int j = 0; j < pairs; j++) {
            int a = j * fw;
            int b = (j + pairs) * fw;
            boolean second = j + pairs < h;
            for (int l = 0; l <= nyquist; l++) {
                int neg = (wide - l) % wide;
                double cr = k.rowRe[l * pairs + j];
                double ci = k.rowIm[l * pairs + j];
                double dr = k.rowRe[neg * pairs + j];
                double di = k.rowIm[neg * pairs + j];
                // Twice V (the halves above cancel it) inside, V itself at the constant and Nyquist terms.
                boolean edge = l == 0 || l == nyquist;
                double f = edge ? 0.5 : 1;
                k.re[a + l] = f * (cr + dr);
                k.im[a + l] = edge ? 0 : ci - di;
                if (second) {
                    k.re[b + l] = f * (ci + di);
                    k.im[b + l] = edge ? 0 : dr - cr;
                }
            }
        }
        // The height pass's adjoint: the transform with the opposite sign, divided by h.
        columns(k, -1);
        for (int i = 0; i < half; i++) {
            into[iOff + i] += k.re[i] * scale[i];
            into[iOff + half + i] += k.im[i] * scale[i];
        }
    }
}
