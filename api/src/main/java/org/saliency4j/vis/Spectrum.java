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
    private final double[] cosW;
    private final double[] sinW;

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
        cosW = new double[fw * wide];
        sinW = new double[fw * wide];
        for (int l = 0; l < fw; l++) {
            for (int m = 0; m < wide; m++) {
                double a = 2 * Math.PI * ((long) l * m % wide) / wide;
                cosW[l * wide + m] = Math.cos(a);
                sinW[l * wide + m] = Math.sin(a);
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
        // Along the height: Y[n][l] = (1/h) sum_k S[k][l] e^{+2 pi i k n / h}.
        double[] yr = new double[h * fw];
        double[] yi = new double[h * fw];
        for (int n = 0; n < h; n++) {
            for (int l = 0; l < fw; l++) {
                double sr = 0;
                double si = 0;
                for (int k = 0; k < fh; k++) {
                    double a = p[pOff + k * fw + l] * scale[k * fw + l];
                    double b = p[pOff + half + k * fw + l] * scale[k * fw + l];
                    double c = cosH[k * h + n];
                    double s = sinH[k * h + n];
                    sr += a * c - b * s;
                    si += a * s + b * c;
                }
                yr[n * fw + l] = sr / h;
                yi[n * fw + l] = si / h;
            }
        }
        // Along the width, real: x[m] = (1/W)(Re Y0 + Re Y_{W/2} (-1)^m + 2 sum_{0<l<W/2} Re(Y_l e^{2 pi i l m / W})).
        int nyquist = wide / 2;
        for (int n = 0; n < h; n++) {
            for (int m = 0; m < w; m++) {
                double x = yr[n * fw] + yr[n * fw + nyquist] * ((m & 1) == 0 ? 1 : -1);
                for (int l = 1; l < nyquist; l++) {
                    x += 2 * (yr[n * fw + l] * cosW[l * wide + m] - yi[n * fw + l] * sinW[l * wide + m]);
                }
                out[oOff + (n * w + m) * stride] = x / wide / 4;
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
        double[] gr = new double[h * fw];
        double[] gi = new double[h * fw];
        for (int n = 0; n < h; n++) {
            for (int m = 0; m < w; m++) {
                double v = g[gOff + (n * w + m) * stride] / wide / 4;
                gr[n * fw] += v;
                gr[n * fw + nyquist] += v * ((m & 1) == 0 ? 1 : -1);
                for (int l = 1; l < nyquist; l++) {
                    gr[n * fw + l] += 2 * v * cosW[l * wide + m];
                    gi[n * fw + l] -= 2 * v * sinW[l * wide + m];
                }
            }
        }
        for (int k = 0; k < fh; k++) {
            for (int l = 0; l < fw; l++) {
                double ga = 0;
                double gb = 0;
                for (int n = 0; n < h; n++) {
                    double c = cosH[k * h + n];
                    double s = sinH[k * h + n];
                    double r = gr[n * fw + l] / h;
                    double i = gi[n * fw + l] / h;
                    ga += r * c + i * s;
                    gb += -r * s + i * c;
                }
                into[iOff + k * fw + l] += ga * scale[k * fw + l];
                into[iOff + half + k * fw + l] += gb * scale[k * fw + l];
            }
        }
    }
}
