package org.saliency4j.objective;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.saliency4j.tensor.Shape;

/**
 * Penalties on the image itself, as Lucid's objectives define them, for feature visualisation: subtract them, with
 * a weight, from what is maximised ({@code classLogit.minus(totalVariation(shape).times(0.05))}). Each reads only the
 * image, in model-input values, of the given per-image shape (height, width, channels).
 */
public final class ImagePenalties {
    private ImagePenalties() {
    }

    /**
     * Total variation, as {@code tf.image.total_variation}: the sum over channels of the absolute differences
     * between vertical and between horizontal neighbours. Its gradient takes sign(0) = 0, as TensorFlow does.
     *
     * @param image the per-image shape
     * @return the penalty
     */
    public static SaliencyObjective totalVariation(Shape image) {
        return new Penalty(image, "tv(image)") {
            @Override
            double apply(double[] x, double @Nullable [] g, double weight) {
                int h = image.dim(0);
                int w = image.dim(1);
                int c = image.dim(2);
                double sum = 0;
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < w; z++) {
                        for (int k = 0; k < c; k++) {
                            int i = (y * w + z) * c + k;
                            if (y + 1 < h) {
                                sum += edge(x, g, weight, i, i + w * c);
                            }
                            if (z + 1 < w) {
                                sum += edge(x, g, weight, i, i + c);
                            }
                        }
                    }
                }
                return sum;
            }

            private double edge(double[] x, double @Nullable [] g, double weight, int i, int j) {
                double d = x[j] - x[i];
                if (g != null && d != 0) {
                    double s = weight * Math.signum(d);
                    g[j] += s;
                    g[i] -= s;
                }
                return Math.abs(d);
            }
        };
    }

    /**
     * The L1 distance to a constant, as Lucid's {@code L1}: the sum of |x - constant|.
     *
     * @param image    the per-image shape
     * @param constant the constant (Lucid: 0; 0.5 in display values is the usual grey)
     * @return the penalty
     */
    public static SaliencyObjective l1(Shape image, double constant) {
        return new Penalty(image, String.format(Locale.ROOT, "l1(image - %s)", Objectives.format(constant))) {
            @Override
            double apply(double[] x, double @Nullable [] g, double weight) {
                double sum = 0;
                for (int i = 0; i < x.length; i++) {
                    double d = x[i] - constant;
                    sum += Math.abs(d);
                    if (g != null && d != 0) {
                        g[i] += weight * Math.signum(d);
                    }
                }
                return sum;
            }
        };
    }

    /**
     * Lucid's {@code blur_input_each_step}: 0.5 times the squared distance between the image and a blurred copy of
     * it (each channel's 3 x 3 mean, at the borders over the neighbours that exist), the copy held constant, so
     * that the gradient is the image minus its blur and each step pulls the image towards its blurred self.
     *
     * @param image the per-image shape
     * @return the penalty
     */
    public static SaliencyObjective blur(Shape image) {
        return new Penalty(image, "0.5 ||image - blur3x3(image)||^2") {
            @Override
            double apply(double[] x, double @Nullable [] g, double weight) {
                int h = image.dim(0);
                int w = image.dim(1);
                int c = image.dim(2);
                double sum = 0;
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < w; z++) {
                        for (int k = 0; k < c; k++) {
                            double total = 0;
                            int n = 0;
                            for (int dy = -1; dy <= 1; dy++) {
                                for (int dz = -1; dz <= 1; dz++) {
                                    int yy = y + dy;
                                    int zz = z + dz;
                                    if (yy >= 0 && yy < h && zz >= 0 && zz < w) {
                                        total += x[(yy * w + zz) * c + k];
                                        n++;
                                    }
                                }
                            }
                            int i = (y * w + z) * c + k;
                            double d = x[i] - total / n;
                            sum += 0.5 * d * d;
                            if (g != null) {
                                g[i] += weight * d;
                            }
                        }
                    }
                }
                return sum;
            }
        };
    }

    /** A penalty that reads only the image, checked against its shape. */
    private abstract static class Penalty implements SaliencyObjective {
        private final Shape image;
        private final String formula;

        Penalty(Shape image, String formula) {
            if (image.rank() != 3) {
                throw new IllegalArgumentException("an image penalty needs the per-image shape (height, width, "
                        + "channels), not " + image);
            }
            this.image = image;
            this.formula = formula;
        }

        /** @return the value; adds weight times the gradient to {@code g} where it is not null */
        abstract double apply(double[] x, double @Nullable [] g, double weight);

        private double[] checked(Evaluation e) {
            if (e.image().length != image.size()) {
                throw new IllegalArgumentException(formula + " is for images of shape " + image + " (" + image.size()
                        + " values), not " + e.image().length + " values");
            }
            return e.image();
        }

        @Override
        public Set<Probe> probes() {
            return Set.of();
        }

        @Override
        public double value(Evaluation e) {
            return apply(checked(e), null, 0);
        }

        @Override
        public void addGradient(Evaluation e, double weight) {
            apply(checked(e), e.imageGradient(), weight);
        }

        @Override
        public String toString() {
            return formula;
        }
    }
}
