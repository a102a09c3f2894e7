package org.saliency4j.attribution;

/** A separable Gaussian blur of a (height, width, channels) image in double precision. */
final class Blur {
    private Blur() {
    }

    /**
     * @param image    the image from {@code offset}; not modified
     * @param offset   where it starts
     * @param h        height
     * @param w        width
     * @param channels channels
     * @param sigma    the standard deviation in pixels
     * @param into     the blurred image; its first {@code h * w * channels} values are written
     */
    static void gaussian(double[] image, int offset, int h, int w, int channels, double sigma, double[] into) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        double[] rows = new double[h * w * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    double s = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int xx = Math.min(w - 1, Math.max(0, x + k));
                        s += kernel[k + radius] * image[offset + (y * w + xx) * channels + c];
                    }
                    rows[(y * w + x) * channels + c] = s;
                }
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    double s = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int yy = Math.min(h - 1, Math.max(0, y + k));
                        s += kernel[k + radius] * rows[(yy * w + x) * channels + c];
                    }
                    into[(y * w + x) * channels + c] = s;
                }
            }
        }
    }
}
