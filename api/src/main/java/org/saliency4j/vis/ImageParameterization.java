package org.saliency4j.vis;

import java.util.SplittableRandom;
import org.saliency4j.tensor.Shape;

/**
 * How an image is made from the numbers an optimisation changes, Lucid's {@code image()}
 * (lucid/optvis/param/images.py): a spatial parameterisation (pixels, or Lucid's Fourier image with a 1/f^decay
 * spectrum), then, for three channels, colour decorrelation (multiplying each pixel's colour by Lucid's square root
 * of the ImageNet colour correlation matrix, normalised by its largest column norm, or a caller's matrix), then a
 * sigmoid into [0, 1]. The image is in display space, (height, width, channels) in [0, 1]; a run scales it to the
 * model's input. {@link #backward} carries a gradient back through every stage exactly.
 *
 * <p>Defaults, Lucid's: Fourier, decay 1, decorrelated, initial parameters normal with standard deviation 0.01.
 */
public final class ImageParameterization {
    /** Lucid's {@code color_correlation_svd_sqrt}. */
    private static final double[][] IMAGENET_SQRT = {{0.26, 0.09, 0.02}, {0.27, 0.00, -0.05}, {0.27, -0.09, 0.03}};
    /** Lucid's initial standard deviation. */
    public static final double INITIAL_SD = 0.01;

    private final boolean fourier;
    private final double decay;
    private final double[][] colour;
    /** The transforms' tables by (height, width): made once, shared by every step and thread. */
    private final java.util.Map<Long, Spectrum> spectra = new java.util.concurrent.ConcurrentHashMap<>();

    private ImageParameterization(boolean fourier, double decay, double[][] colour) {
        if (!(decay >= 0) || Double.isInfinite(decay)) {
            throw new IllegalArgumentException("the spectrum's decay must be a finite number from 0 up, not " + decay);
        }
        this.fourier = fourier;
        this.decay = decay;
        this.colour = colour;
    }

    /** @return Lucid's default: Fourier, decay 1, decorrelated */
    public static ImageParameterization fourier() {
        return new ImageParameterization(true, 1, normalised(IMAGENET_SQRT));
    }

    /** @return one parameter per pixel and channel, decorrelated (Lucid's {@code fft=False}) */
    public static ImageParameterization pixels() {
        return new ImageParameterization(false, 1, normalised(IMAGENET_SQRT));
    }

    /**
     * @param d the spectrum's 1/f exponent
     * @return a changed copy
     */
    public ImageParameterization withDecay(double d) {
        return new ImageParameterization(fourier, d, colour);
    }

    /**
     * @param on whether to decorrelate colours (with Lucid's ImageNet matrix)
     * @return a changed copy
     */
    public ImageParameterization withDecorrelation(boolean on) {
        return new ImageParameterization(fourier, decay, on ? normalised(IMAGENET_SQRT) : identity());
    }

    /**
     * @param squareRoot a 3 x 3 square root of a colour correlation matrix; normalised by its largest column norm
     * @return a changed copy
     */
    public ImageParameterization withColourMatrix(double[][] squareRoot) {
        if (squareRoot.length != 3 || squareRoot[0].length != 3 || squareRoot[1].length != 3
                || squareRoot[2].length != 3) {
            throw new IllegalArgumentException("a colour matrix is 3 x 3");
        }
        return new ImageParameterization(fourier, decay, normalised(squareRoot));
    }

    static double[][] normalised(double[][] m) {
        double largest = 0;
        for (int j = 0; j < 3; j++) {
            largest = Math.max(largest, Math.sqrt(m[0][j] * m[0][j] + m[1][j] * m[1][j] + m[2][j] * m[2][j]));
        }
        double[][] n = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                n[i][j] = m[i][j] / largest;
            }
        }
        return n;
    }

    private static double[][] identity() {
        return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    }

    private Spectrum spectrum(Shape image) {
        return spectra.computeIfAbsent(((long) image.dim(0) << 32) | image.dim(1),
                k -> new Spectrum(image.dim(0), image.dim(1), decay));
    }

    /**
     * @param image the image's shape, (height, width, channels)
     * @return the parameters per image
     */
    public int parameters(Shape image) {
        int channels = image.dim(2);
        return fourier ? channels * spectrum(image).parameters() : image.size();
    }

    /**
     * @param image the image's shape
     * @param seed  the seed
     * @return initial parameters: normal, standard deviation {@value #INITIAL_SD}
     */
    public double[] initial(Shape image, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] p = new double[parameters(image)];
        for (int i = 0; i < p.length; i++) {
            p[i] = INITIAL_SD * r.nextGaussian();
        }
        return p;
    }

    /**
     * An image made, with what its backward pass needs.
     *
     * @param shape  (height, width, channels)
     * @param image  the image in [0, 1], row-major (height, width, channels)
     */
    public record Rendered(Shape shape, double[] image) {
    }

    /**
     * Makes the image.
     *
     * @param image the image's shape, (height, width, channels)
     * @param p     the parameters; not modified
     * @return the image in [0, 1]
     */
    public Rendered render(Shape image, double[] p) {
        double[] out = new double[image.size()];
        render(image, p, 0, out);
        return new Rendered(image, out);
    }

    /** Per thread: the image before the sigmoid, and a gradient, reused from call to call. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);

    private static double[] scratch(int k, int n) {
        double[][] all = SCRATCH.get();
        if (all[k].length < n) {
            all[k] = new double[n];
        }
        return all[k];
    }

    /**
     * Makes the image into {@code out}.
     *
     * @param image the image's shape, (height, width, channels)
     * @param p     the parameters, from {@code pOff}; not modified
     * @param pOff  where they start
     * @param out   receives the image in [0, 1], {@code image.size()} values; overwritten
     */
    void render(Shape image, double[] p, int pOff, double[] out) {
        int h = image.dim(0);
        int w = image.dim(1);
        int c = image.dim(2);
        double[] spatial = scratch(0, h * w * c);
        if (fourier) {
            Spectrum s = spectrum(image);
            for (int ch = 0; ch < c; ch++) {
                s.forward(p, pOff + ch * s.parameters(), spatial, ch, c);
            }
        } else {
            System.arraycopy(p, pOff, spatial, 0, h * w * c);
        }
        for (int px = 0; px < h * w; px++) {
            for (int i = 0; i < c; i++) {
                double v = spatial[px * c + i];
                if (c == 3) {
                    v = spatial[px * 3] * colour[i][0] + spatial[px * 3 + 1] * colour[i][1]
                            + spatial[px * 3 + 2] * colour[i][2];
                }
                out[px * c + i] = 1 / (1 + Math.exp(-v));
            }
        }
    }

    /**
     * The gradient of the parameters from the gradient of the image.
     *
     * @param r        the image, as {@link #render} made it
     * @param gradient the image's gradient, (height, width, channels); not modified
     * @return the parameters' gradient
     */
    public double[] backward(Rendered r, double[] gradient) {
        double[] into = new double[parameters(r.shape())];
        backward(r.shape(), r.image(), gradient, into, 0);
        return into;
    }

    /**
     * The gradient of the parameters from the gradient of the image, into {@code into}.
     *
     * @param image    the image's shape
     * @param y        the image {@link #render} made; not modified
     * @param gradient the image's gradient; not modified
     * @param into     receives the parameters' gradient from {@code iOff}; overwritten there
     * @param iOff     where it starts
     */
    void backward(Shape image, double[] y, double[] gradient, double[] into, int iOff) {
        int h = image.dim(0);
        int w = image.dim(1);
        int c = image.dim(2);
        int n = h * w * c;
        double[] pre = scratch(0, n);
        for (int i = 0; i < n; i++) {
            pre[i] = gradient[i] * y[i] * (1 - y[i]);
        }
        double[] spatial = pre;
        if (c == 3) {
            spatial = scratch(1, n);
            for (int px = 0; px < h * w; px++) {
                for (int j = 0; j < 3; j++) {
                    spatial[px * 3 + j] = pre[px * 3] * colour[0][j] + pre[px * 3 + 1] * colour[1][j]
                            + pre[px * 3 + 2] * colour[2][j];
                }
            }
        }
        if (fourier) {
            Spectrum s = spectrum(image);
            java.util.Arrays.fill(into, iOff, iOff + c * s.parameters(), 0);
            for (int ch = 0; ch < c; ch++) {
                s.backward(spatial, ch, c, into, iOff + ch * s.parameters());
            }
        } else {
            System.arraycopy(spatial, 0, into, iOff, n);
        }
    }
}
