package org.saliency4j.trust;

import java.util.Arrays;
import java.util.Comparator;
import org.saliency4j.SaliencyException;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * How alike two attribution maps are, the three measures of Adebayo et al. 2018's sanity checks. A map of shape
 * (height, width, channels) is first summed over its channels; Spearman's correlation takes the values as they are,
 * SSIM and HOG take each map scaled to [0, 1] by its own minimum and maximum (a constant map becomes 0).
 */
public final class Similarity {
    /** SSIM's Gaussian window: 11 x 11 (radius 5), standard deviation 1.5 (Wang et al. 2004). */
    public static final double SSIM_SIGMA = 1.5;
    /** The window's radius: 11 x 11. */
    public static final int SSIM_RADIUS = 5;
    /** Wang et al.'s K1 and K2, with the dynamic range 1 of a map scaled to [0, 1]. */
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;
    /** HOG as scikit-image's defaults: 9 orientations, 8 x 8 pixel cells, 3 x 3 cell blocks, L2-Hys. */
    public static final int HOG_ORIENTATIONS = 9;
    /** The side of a HOG cell in pixels. */
    public static final int HOG_CELL = 8;
    /** The side of a HOG block in cells. */
    public static final int HOG_BLOCK = 3;

    private Similarity() {
    }

    /**
     * Spearman's rank correlation: Pearson's correlation of the values' ranks, tied values given their mean rank
     * (as {@code scipy.stats.spearmanr}).
     *
     * @param a        a map; not modified
     * @param b        a map of the same shape; not modified
     * @param absolute whether to rank |a| and |b| instead
     * @return the correlation, in [-1, 1]
     * @throws SaliencyException when a map is constant, for which the correlation is not defined
     */
    public static double spearman(Tensor a, Tensor b, boolean absolute) {
        double[] x = values(a, b);
        double[] y = values(b, a);
        if (absolute) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.abs(x[i]);
                y[i] = Math.abs(y[i]);
            }
        }
        return pearson(ranks(x), ranks(y), "Spearman's correlation");
    }

    /**
     * The structural similarity index (Wang et al. 2004) of two maps scaled to [0, 1]: the mean over the pixels whose
     * 11 x 11 Gaussian window lies inside the map of ((2 mx my + C1)(2 sxy + C2)) / ((mx^2 + my^2 + C1)(sx^2 + sy^2 +
     * C2)), with C1 = 0.01^2 and C2 = 0.03^2 and the window's weighted means, variances and covariance (as
     * scikit-image's {@code structural_similarity(gaussian_weights=True, sigma=1.5, data_range=1)}).
     *
     * @param a a map, at least 11 x 11; not modified
     * @param b a map of the same shape; not modified
     * @return the index, 1 for identical maps
     */
    public static double ssim(Tensor a, Tensor b) {
        int[] hw = pixels(a, b);
        int h = hw[0];
        int w = hw[1];
        if (h < 2 * SSIM_RADIUS + 1 || w < 2 * SSIM_RADIUS + 1) {
            throw new IllegalArgumentException("SSIM needs maps of at least 11 x 11 pixels, not " + h + " x " + w);
        }
        double[] x = unit(plane(a));
        double[] y = unit(plane(b));
        double[] g = new double[2 * SSIM_RADIUS + 1];
        double total = 0;
        for (int k = -SSIM_RADIUS; k <= SSIM_RADIUS; k++) {
            g[k + SSIM_RADIUS] = Math.exp(-k * k / (2 * SSIM_SIGMA * SSIM_SIGMA));
            total += g[k + SSIM_RADIUS];
        }
        for (int k = 0; k < g.length; k++) {
            g[k] /= total;
        }
        double sum = 0;
        int count = 0;
        for (int r = SSIM_RADIUS; r < h - SSIM_RADIUS; r++) {
            for (int c = SSIM_RADIUS; c < w - SSIM_RADIUS; c++) {
                double mx = 0;
                double my = 0;
                double xx = 0;
                double yy = 0;
                double xy = 0;
                for (int i = -SSIM_RADIUS; i <= SSIM_RADIUS; i++) {
                    for (int j = -SSIM_RADIUS; j <= SSIM_RADIUS; j++) {
                        double weight = g[i + SSIM_RADIUS] * g[j + SSIM_RADIUS];
                        double u = x[(r + i) * w + c + j];
                        double v = y[(r + i) * w + c + j];
                        mx += weight * u;
                        my += weight * v;
                        xx += weight * u * u;
                        yy += weight * v * v;
                        xy += weight * u * v;
                    }
                }
                double vx = xx - mx * mx;
                double vy = yy - my * my;
                double cov = xy - mx * my;
                sum += (2 * mx * my + C1) * (2 * cov + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
                count++;
            }
        }
        return sum / count;
    }

    /**
     * Pearson's correlation of the two maps' histograms of oriented gradients (Dalal and Triggs 2005), computed as
     * scikit-image's {@code hog} with its defaults on each map scaled to [0, 1]: gradients by central differences
     * (0 on the border), unsigned orientations in 9 bins of 20 degrees, each 8 x 8 cell's histogram of gradient
     * magnitudes divided by the cell's area, blocks of 3 x 3 cells normalised by L2-Hys (clipped at 0.2, epsilon
     * 1e-5).
     *
     * @param a a map, at least 24 x 24; not modified
     * @param b a map of the same shape; not modified
     * @return the correlation
     * @throws SaliencyException when a map's features are constant (a constant map)
     */
    public static double hogPearson(Tensor a, Tensor b) {
        int[] hw = pixels(a, b);
        return pearson(hog(unit(plane(a)), hw[0], hw[1]), hog(unit(plane(b)), hw[0], hw[1]), "HOG correlation");
    }

    /** scikit-image's {@code hog(image, 9, (8, 8), (3, 3), 'L2-Hys')} of a grey image, as a flat feature vector. */
    static double[] hog(double[] image, int h, int w) {
        int cellsR = h / HOG_CELL;
        int cellsC = w / HOG_CELL;
        if (cellsR < HOG_BLOCK || cellsC < HOG_BLOCK) {
            throw new IllegalArgumentException("HOG needs maps of at least " + HOG_CELL * HOG_BLOCK + " x "
                    + HOG_CELL * HOG_BLOCK + " pixels, not " + h + " x " + w);
        }
        double[] magnitude = new double[h * w];
        double[] orientation = new double[h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double gr = r == 0 || r == h - 1 ? 0 : image[(r + 1) * w + c] - image[(r - 1) * w + c];
                double gc = c == 0 || c == w - 1 ? 0 : image[r * w + c + 1] - image[r * w + c - 1];
                magnitude[r * w + c] = Math.hypot(gr, gc);
                double degrees = Math.toDegrees(Math.atan2(gr, gc)) % 180;
                orientation[r * w + c] = degrees < 0 ? degrees + 180 : degrees;
            }
        }
        double binWidth = 180.0 / HOG_ORIENTATIONS;
        double[] cells = new double[cellsR * cellsC * HOG_ORIENTATIONS];
        for (int cr = 0; cr < cellsR; cr++) {
            for (int cc = 0; cc < cellsC; cc++) {
                for (int r = cr * HOG_CELL; r < (cr + 1) * HOG_CELL; r++) {
                    for (int c = cc * HOG_CELL; c < (cc + 1) * HOG_CELL; c++) {
                        int bin = Math.min(HOG_ORIENTATIONS - 1, (int) (orientation[r * w + c] / binWidth));
                        cells[(cr * cellsC + cc) * HOG_ORIENTATIONS + bin] += magnitude[r * w + c];
                    }
                }
            }
        }
        for (int i = 0; i < cells.length; i++) {
            cells[i] /= HOG_CELL * HOG_CELL;
        }
        int blocksR = cellsR - HOG_BLOCK + 1;
        int blocksC = cellsC - HOG_BLOCK + 1;
        int per = HOG_BLOCK * HOG_BLOCK * HOG_ORIENTATIONS;
        double[] features = new double[blocksR * blocksC * per];
        double eps = 1e-5;
        for (int br = 0; br < blocksR; br++) {
            for (int bc = 0; bc < blocksC; bc++) {
                double[] block = new double[per];
                int k = 0;
                for (int r = br; r < br + HOG_BLOCK; r++) {
                    for (int c = bc; c < bc + HOG_BLOCK; c++) {
                        for (int o = 0; o < HOG_ORIENTATIONS; o++) {
                            block[k++] = cells[(r * cellsC + c) * HOG_ORIENTATIONS + o];
                        }
                    }
                }
                normalise(block, eps);
                for (int i = 0; i < per; i++) {
                    block[i] = Math.min(block[i], 0.2);
                }
                normalise(block, eps);
                System.arraycopy(block, 0, features, (br * blocksC + bc) * per, per);
            }
        }
        return features;
    }

    private static void normalise(double[] v, double eps) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        double norm = Math.sqrt(s + eps * eps);
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
    }

    /** Pearson's correlation, in double. */
    static double pearson(double[] x, double[] y, String what) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0 || syy == 0) {
            throw new SaliencyException(what + " is not defined for a constant map");
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Ranks from 1, ties given their mean rank. */
    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] rank = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = mean;
            }
            i = j + 1;
        }
        return rank;
    }

    private static double[] values(Tensor a, Tensor other) {
        if (!a.shape().equals(other.shape())) {
            throw new IllegalArgumentException("maps of shapes " + a.shape() + " and " + other.shape() + " cannot be "
                    + "compared");
        }
        float[] f = a.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** @return (height, width) of two maps of the same shape, (height, width) or (height, width, channels) */
    private static int[] pixels(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("maps of shapes " + a.shape() + " and " + b.shape() + " cannot be "
                    + "compared");
        }
        Shape s = a.shape();
        if (s.rank() != 2 && s.rank() != 3) {
            throw new IllegalArgumentException("a map of shape " + s + " is not an image map (height, width[, "
                    + "channels])");
        }
        return new int[] {s.dim(0), s.dim(1)};
    }

    /** A map summed over its channels, row-major (height, width). */
    static double[] plane(Tensor map) {
        Shape s = map.shape();
        int channels = s.rank() == 3 ? s.dim(2) : 1;
        float[] v = map.toArray();
        double[] p = new double[v.length / channels];
        for (int i = 0; i < v.length; i++) {
            p[i / channels] += v[i];
        }
        return p;
    }

    /** Scaled to [0, 1] by its minimum and maximum; all 0 when constant. */
    static double[] unit(double[] v) {
        double min = Arrays.stream(v).min().orElse(0);
        double max = Arrays.stream(v).max().orElse(0);
        double[] u = new double[v.length];
        if (max > min) {
            for (int i = 0; i < v.length; i++) {
                u[i] = (v[i] - min) / (max - min);
            }
        }
        return u;
    }
}
