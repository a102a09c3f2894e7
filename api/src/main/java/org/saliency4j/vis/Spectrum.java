package org.saliency4j.vis;

/**
 * Lucid's Fourier image ({@code lucid.optvis.param.spatial.fft_image}) of one channel plane, as an exact linear map
 * and its adjoint. The parameters are the real and the imaginary parts of a half spectrum of {@code fh = h} rows and
 * {@code fw = w/2 + 1} columns ({@code w/2 + 2} for odd w, as Lucid keeps); each coefficient is multiplied by
 * {@code sqrt(w h) / max(f, 1/max(w, h))^decay}, with f the frequency's magnitude in cycles per pixel
 * ({@code numpy.fft.fftfreq}), and the plane is the real inverse transform ({@code irfft2d}: the inverse complex
 * transform along the height, then the real one along a width of {@code W = 2 (fw - 1)}, the imaginary parts of its
 * constant and Nyquist columns dropped), cut to h x w and divided by 4.
 *
 * <p>The transforms are written as sums over precomputed cosines and sines: exact, and for the image sizes of
 * feature visualisation (up to a few hundred pixels a side) fast enough beside a network's forward pass.
 */
final class Spectrum {
    private final int h;
    private final int w;
    private final int fh;
    private final int fw;
    private final int wide;
    private final double[] scale;
    private final double[] cosH;
    private final double[] sinH;
    /** cos and sin of 2 pi l m / W, indexed [m][l] so that the sums over l run along memory. */
    private final double[] cosT;
    private final double[] sinT;
    /** Four working arrays of h x fw values per thread, reused by every call instead of allocated each step. */
    private final ThreadLocal<double[][]> work;

    /**
     * @param h     the plane's height
     * @param w     its width
     * @param decay the spectrum's 1/f exponent (Lucid: 1)
     */
    Spectrum(int h, int w, double decay) {
        this.h = h;
        this.w = w;
        this.fh = h;
        this.fw = w % 2 == 1 ? w / 2 + 2 : w / 2 + 1;
        this.wide = 2 * (fw - 1);
        this.work = ThreadLocal.withInitial(() -> new double[4][h * fw]);
        this.scale = new double[fh * fw];
        double floor = 1.0 / Math.max(h, w);
        for (int k = 0; k < fh; k++) {
            double fy = frequency(k, h);
            for (int l = 0; l < fw; l++) {
                double fx = frequency(l, w);
                double f = Math.sqrt(fx * fx + fy * fy);
                scale[k * fw + l] = Math.sqrt((double) w * h) / Math.pow(Math.max(f, floor), decay);
            }
        }
        cosH = new double[h * h];
        sinH = new double[h * h];
        for (int k = 0; k < h; k++) {
            for (int n = 0; n < h; n++) {
                double a = 2 * Math.PI * ((long) k * n % h) / h;
                cosH[k * h + n] = Math.cos(a);
                sinH[k * h + n] = Math.sin(a);
            }
        }
        cosT = new double[w * fw];
        sinT = new double[w * fw];
        for (int m = 0; m < w; m++) {
            for (int l = 0; l < fw; l++) {
                double a = 2 * Math.PI * ((long) l * m % wide) / wide;
                cosT[m * fw + l] = Math.cos(a);
                sinT[m * fw + l] = Math.sin(a);
            }
        }
    }

    /** {@code numpy.fft.fftfreq(n)[i]}: i / n for i below (n + 1) / 2, else (i - n) / n; here for i up to n. */
    static double frequency(int i, int n) {
        return (i < (n + 1) / 2 ? i : i - n) / (double) n;
    }

    /** @return the parameters per plane: real and imaginary parts of fh x fw coefficients */
    int parameters() {
        return 2 * fh * fw;
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
        int half = fh * fw;
        double[][] buffers = work.get();
        double[] a = buffers[0];
        double[] b = buffers[1];
        for (int i = 0; i < half; i++) {
            a[i] = p[pOff + i] * scale[i];
            b[i] = p[pOff + half + i] * scale[i];
        }
        // Along the height: Y[n][l] = (1/h) sum_k S[k][l] e^{+2 pi i k n / h}; inner loops run along l, contiguous.
        double[] yr = buffers[2];
        double[] yi = buffers[3];
        java.util.Arrays.fill(yr, 0);
        java.util.Arrays.fill(yi, 0);
        for (int k = 0; k < fh; k++) {
            for (int n = 0; n < h; n++) {
                double c = cosH[k * h + n] / h;
                double sn = sinH[k * h + n] / h;
                int row = n * fw;
                int from = k * fw;
                for (int l = 0; l < fw; l++) {
                    yr[row + l] += a[from + l] * c - b[from + l] * sn;
                    yi[row + l] += a[from + l] * sn + b[from + l] * c;
                }
            }
        }
        // Along the width, real: x[m] = (1/W)(Re Y0 + Re Y_{W/2} (-1)^m + 2 sum_{0<l<W/2} Re(Y_l e^{2 pi i l m / W})).
        int nyquist = wide / 2;
        for (int n = 0; n < h; n++) {
            int row = n * fw;
            for (int m = 0; m < w; m++) {
                double x = yr[row] + yr[row + nyquist] * ((m & 1) == 0 ? 1 : -1);
                int t = m * fw;
                double sum = 0;
                for (int l = 1; l < nyquist; l++) {
                    sum += yr[row + l] * cosT[t + l] - yi[row + l] * sinT[t + l];
                }
                out[oOff + (n * w + m) * stride] = (x + 2 * sum) / wide / 4;
            }
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
        int half = fh * fw;
        int nyquist = wide / 2;
        double[][] buffers = work.get();
        double[] gr = buffers[0];
        double[] gi = buffers[1];
        java.util.Arrays.fill(gr, 0);
        java.util.Arrays.fill(gi, 0);
        for (int n = 0; n < h; n++) {
            int row = n * fw;
            for (int m = 0; m < w; m++) {
                double v = g[gOff + (n * w + m) * stride] / wide / 4;
                gr[row] += v;
                gr[row + nyquist] += v * ((m & 1) == 0 ? 1 : -1);
                double v2 = 2 * v;
                int t = m * fw;
                for (int l = 1; l < nyquist; l++) {
                    gr[row + l] += v2 * cosT[t + l];
                    gi[row + l] -= v2 * sinT[t + l];
                }
            }
        }
        double[] ga = buffers[2];
        double[] gb = buffers[3];
        java.util.Arrays.fill(ga, 0);
        java.util.Arrays.fill(gb, 0);
        for (int k = 0; k < fh; k++) {
            int to = k * fw;
            for (int n = 0; n < h; n++) {
                double c = cosH[k * h + n] / h;
                double sn = sinH[k * h + n] / h;
                int row = n * fw;
                for (int l = 0; l < fw; l++) {
                    ga[to + l] += gr[row + l] * c + gi[row + l] * sn;
                    gb[to + l] += -gr[row + l] * sn + gi[row + l] * c;
                }
            }
        }
        for (int i = 0; i < half; i++) {
            into[iOff + i] += ga[i] * scale[i];
            into[iOff + half + i] += gb[i] * scale[i];
        }
    }
}
