package org.saliency4j.image;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Pictures of attribution maps: a map coloured after {@link Display} scaling (viridis for unsigned maps, cool-warm
 * for signed ones, {@link Colormap}), laid over the image, and a grid of such pictures with titles. A map with
 * channels, (height, width, channels), is shown per pixel by the sum over its channels, as Captum shows it.
 */
public final class Heatmaps {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final int GAP = 12;
    private static final int TITLE_HEIGHT = 20;

    private Heatmaps() {
    }

    /**
     * The map's values per pixel: itself for (height, width), the sum over channels for (height, width, channels).
     *
     * @param map a map of rank 2 or 3
     * @return (height * width) values, row-major
     */
    public static float[] perPixel(Tensor map) {
        Shape s = map.shape();
        float[] v = map.toArray();
        if (s.rank() == 2) {
            return v;
        }
        if (s.rank() != 3) {
            throw new IllegalArgumentException("a map of shape " + s + " is not an image's (height, width) or "
                    + "(height, width, channels)");
        }
        int channels = s.dim(2);
        float[] p = new float[s.dim(0) * s.dim(1)];
        for (int i = 0; i < p.length; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += v[i * channels + c];
            }
            p[i] = (float) sum;
        }
        return p;
    }

    /**
     * A map in colour, one pixel per map pixel.
     *
     * @param map    (height, width) or (height, width, channels)
     * @param signed whether it is signed (cool-warm, 0 at the neutral centre) or unsigned (viridis)
     * @return the picture
     */
    public static BufferedImage colour(Tensor map, boolean signed) {
        return colour(Display.scale(perPixel(map), signed), map.shape().dim(0), map.shape().dim(1), signed);
    }

    /**
     * A map already scaled for display, in colour: for a caller that also looks at the scaling (an empty map).
     *
     * @param scaled the map's pixels scaled ({@link Display#scale} of {@link #perPixel}), row-major
     * @param h      its height
     * @param w      its width
     * @param signed whether it is signed (cool-warm, 0 at the neutral centre) or unsigned (viridis)
     * @return the picture
     */
    public static BufferedImage colour(Display.Scaled scaled, int h, int w, boolean signed) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = scaled.values()[y * w + x];
                out.setRGB(x, y, signed ? Colormap.COOLWARM.rgb((v + 1) / 2) : Colormap.VIRIDIS.rgb(v));
            }
        }
        return out;
    }

    /**
     * The image with a coloured map over it: {@code (1 - alpha) image + alpha colour}, at the map's size (the image
     * resized to it bilinearly).
     *
     * @param image  the image the map explains
     * @param colour the map in colour ({@link #colour})
     * @param alpha  the map's weight, in [0, 1]
     * @return the picture
     */
    public static BufferedImage overlay(BufferedImage image, BufferedImage colour, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("an overlay's alpha is in [0, 1], not " + alpha);
        }
        int w = colour.getWidth();
        int h = colour.getHeight();
        BufferedImage base = scaled(image, w, h, false);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = base.getRGB(x, y);
                int b = colour.getRGB(x, y);
                int rgb = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    double v = (1 - alpha) * (a >> shift & 0xff) + alpha * (b >> shift & 0xff);
                    rgb |= (int) Math.round(v) << shift;
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /**
     * A figure of pictures in rows and columns, each drawn in a square of {@code side} pixels (nearest-neighbour
     * enlargement, so that a 32-pixel map shows its pixels) with its title above.
     *
     * @param cells  the pictures, row by row; a null cell is left blank
     * @param titles each picture's title, the same layout; null for none
     * @param side   the side of each picture's square, in pixels
     * @return the figure
     */
    public static BufferedImage grid(List<List<@Nullable BufferedImage>> cells, List<List<@Nullable String>> titles,
                                     int side) {
        int rows = cells.size();
        int cols = cells.stream().mapToInt(List::size).max().orElse(0);
        int cellW = side + GAP;
        int cellH = TITLE_HEIGHT + side + GAP;
        BufferedImage out = new BufferedImage(Math.max(1, cols * cellW + GAP), Math.max(1, rows * cellH + GAP),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setFont(TITLE);
            g.setColor(Color.BLACK);
            FontMetrics metrics = g.getFontMetrics();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cells.get(r).size(); c++) {
                    int x = GAP + c * cellW;
                    int y = GAP + r * cellH;
                    String title = r < titles.size() && c < titles.get(r).size() ? titles.get(r).get(c) : null;
                    if (title != null) {
                        String shown = fit(title, metrics, side + GAP - 2);
                        g.drawString(shown, x + (side - metrics.stringWidth(shown)) / 2, y + TITLE_HEIGHT - 6);
                    }
                    BufferedImage p = cells.get(r).get(c);
                    if (p != null) {
                        g.drawImage(scaled(p, side, side, true), x, y + TITLE_HEIGHT, null);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * The title as drawn in {@code width} pixels: whole where it fits, else shortened with "...". A title that ends
     * in a number after a space ("block_13_expand_relu 7") keeps the number, which tells its pictures apart, and
     * loses the end of the text before it instead.
     */
    static String fit(String text, FontMetrics metrics, int width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        int space = text.lastIndexOf(' ');
        String tail = space > 0 && text.substring(space + 1).matches("[0-9]+") ? text.substring(space) : "";
        String t = text.substring(0, text.length() - tail.length());
        while (t.length() > 1 && metrics.stringWidth(t + "..." + tail) > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "..." + tail;
    }

    private static BufferedImage scaled(BufferedImage image, int w, int h, boolean nearest) {
        if (image.getWidth() == w && image.getHeight() == h) {
            return image;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, nearest
                    ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
