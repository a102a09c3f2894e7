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
        int h = image.dim(0);
        int w = image.dim(1);
        int c = image.dim(2);
        double[] spatial = new double[h * w * c];
        if (fourier) {
            Spectrum s = spectrum(image);
            for (int ch = 0; ch < c; ch++) {
                s.forward(p, ch * s.parameters(), spatial, ch, c);
            }
        } else {
            System.arraycopy(p, 0, spatial, 0, spatial.length);
        }
        double[] out = new double[spatial.length];
        for (int px = 0; px < h * w; px++) {
            for (int i = 0; i < c; i++) {
                double v = spatial[px * c + i];
                if (c == 3) {
                    v = 0;
                    for (int j = 0; j < 3; j++) {
                        v += spatial[px * 3 + j] * colour[i][j];
                    }
                }
                out[px * c + i] = 1 / (1 + Math.exp(-v));
            }
        }
        return new Rendered(image, out);
    }

    /**
     * The gradient of the parameters from the gradient of the image.
     *
     * @param r        the image, as {@link #render} made it
     * @param gradient the image's gradient, (height, width, channels); not modified
     * @return the parameters' gradient
     */
    public double[] backward(Rendered r, double[] gradient) {
        Shape image = r.shape();
        int h = image.dim(0);
        int w = image.dim(1);
        int c = image.dim(2);
        double[] pre = new double[gradient.length];
        for (int i = 0; i < pre.length; i++) {
            double y = r.image()[i];
            pre[i] = gradient[i] * y * (1 - y);
        }
        double[] spatial = pre;
        if (c == 3) {
            spatial = new double[pre.length];
            for (int px = 0; px < h * w; px++) {
                for (int j = 0; j < 3; j++) {
                    double g = 0;
                    for (int i = 0; i < 3; i++) {
                        g += pre[px * 3 + i] * colour[i][j];
                    }
                    spatial[px * 3 + j] = g;
                }
            }
        }
        double[] into = new double[parameters(image)];
        if (fourier) {
            Spectrum s = spectrum(image);
            for (int ch = 0; ch < c; ch++) {
                s.backward(spatial, ch, c, into, ch * s.parameters());
            }
        } else {
            System.arraycopy(spatial, 0, into, 0, spatial.length);
        }
        return into;
    }
}
