package org.saliency4j.examples;

import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.math.MathContext;
import org.saliency4j.tensor.DoubleTensor;

/** Turns images, maps and gradients into pictures the way the notebook's matplotlib calls show them. */
final class Pictures {
    private Pictures() {
    }

    /** {@code imshow(img)} of an RGB image with values in [0, 1], clipped. */
    static BufferedImage rgb(DoubleTensor image) {
        return rgb(image, 1, 0);
    }

    /** The notebook's {@code normalizeImage}: {@code (img - min) / (max - min)} over all pixels and channels. */
    static BufferedImage normalized(DoubleTensor image) {
        double[] v = image.toArray();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        double range = max - min;
        return range > 0 ? rgb(image, 1 / range, -min / range) : rgb(image, 0, 0);
    }

    /** Figure 6: {@code clip(gradient * 0.5 + 0.5, 0, 1)}. */
    static BufferedImage gradient(DoubleTensor gradient) {
        return rgb(gradient, 0.5, 0.5);
    }

    /**
     * {@code imshow(np.clip(map, 0, 1), cmap='gray')}: matplotlib then stretches the clipped values from their
     * minimum (black) to their maximum (white); a constant map is all black.
     */
    static BufferedImage grey(double[][] map) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : map) {
            for (double v : row) {
                double c = Math.min(1, Math.max(0, v));
                min = Math.min(min, c);
                max = Math.max(max, c);
            }
        }
        BufferedImage out = new BufferedImage(map[0].length, map.length, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < map.length; y++) {
            for (int x = 0; x < map[0].length; x++) {
                double c = Math.min(1, Math.max(0, map[y][x]));
                int v = max > min ? level((c - min) / (max - min)) : 0;
                out.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return out;
    }

    /** Shows {@code scale * value + offset}, clipped to [0, 1], of a (1, h, w, 3) image. */
    private static BufferedImage rgb(DoubleTensor image, double scale, double offset) {
        int h = image.shape().dim(1);
        int w = image.shape().dim(2);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = level(scale * image.get(0, y, x, 0) + offset);
                int g = level(scale * image.get(0, y, x, 1) + offset);
                int b = level(scale * image.get(0, y, x, 2) + offset);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /**
     * An image in [0, 1] as a picture: grey for one channel, RGB for three.
     *
     * @param values images, (height, width, channels) each, from {@code offset}; not modified
     * @param offset where the image starts
     * @param input  its shape, (height, width, channels)
     * @return the picture, each value clipped to [0, 1]
     */
    static BufferedImage display(double[] values, int offset, org.saliency4j.tensor.Shape input) {
        int h = input.dim(0);
        int w = input.dim(1);
        int c = input.dim(2);
        BufferedImage p = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int at = offset + (y * w + x) * c;
                int r = level(values[at]);
                int g = c == 3 ? level(values[at + 1]) : r;
                int b = c == 3 ? level(values[at + 2]) : r;
                p.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return p;
    }

    private static int level(double v) {
        return (int) Math.round(Math.min(1, Math.max(0, v)) * 255);
    }

    /** Python's {@code "%.3g" % v}: three significant digits, no trailing zeros, exponent below 1e-4 or from 1e3. */
    static String threeSignificant(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(3));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 3) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
