package org.saliency4j.examples;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.jspecify.annotations.Nullable;

/**
 * A figure laid out as matplotlib's {@code plt.subplots(rows, cols)} with hidden axes: each panel has a title
 * above, a picture (drawn with square pixels, no smoothing, as {@code imshow}) or a text, and a caption below.
 */
final class Grid {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final int GAP = 34;
    private static final int TITLE_HEIGHT = 24;
    private static final int CAPTION_HEIGHT = 24;

    private final int rows;
    private final int cols;
    private final int side;
    private final @Nullable String[][] titles;
    private final @Nullable BufferedImage[][] pictures;
    private final double[][] pictureScale;
    private final @Nullable String[][] texts;
    private final @Nullable String[][] captions;

    /** A grid whose pictures are drawn in a square of {@code side} pixels. */
    Grid(int rows, int cols, int side) {
        this.rows = rows;
        this.cols = cols;
        this.side = side;
        titles = new String[rows][cols];
        pictures = new BufferedImage[rows][cols];
        pictureScale = new double[rows][cols];
        texts = new String[rows][cols];
        captions = new String[rows][cols];
    }

    /** Puts a picture filling the panel's square. */
    Grid picture(int row, int col, BufferedImage image, String title) {
        return picture(row, col, image, title, 1);
    }

    /** Puts a picture drawn at {@code fraction} of the square's side, centred: smaller maps look smaller. */
    Grid picture(int row, int col, BufferedImage image, String title, double fraction) {
        pictures[row][col] = image;
        pictureScale[row][col] = fraction;
        titles[row][col] = title;
        return this;
    }

    /** Puts a text at the top left of the panel, as matplotlib's {@code ax.text(0, 0.5, ...)} on hidden axes. */
    Grid text(int row, int col, String text, String title) {
        texts[row][col] = text;
        titles[row][col] = title;
        return this;
    }

    Grid caption(int row, int col, String caption) {
        captions[row][col] = caption;
        return this;
    }

    BufferedImage render() {
        int cellW = side + GAP;
        int cellH = TITLE_HEIGHT + side + CAPTION_HEIGHT + GAP;
        BufferedImage out = new BufferedImage(cols * cellW + GAP, rows * cellH + GAP / 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int x = GAP / 2 + c * cellW + GAP / 2;
                int y = GAP / 2 + r * cellH;
                BufferedImage p = pictures[r][c];
                int drawn = p == null ? side : (int) Math.round(side * pictureScale[r][c]);
                int top = y + TITLE_HEIGHT;
                String title = titles[r][c];
                if (title != null) {
                    centred(g, TITLE, title, x + side / 2, top - 6);
                }
                if (p != null) {
                    g.drawImage(p, x + (side - drawn) / 2, top, drawn, drawn, null);
                }
                String text = texts[r][c];
                if (text != null) {
                    g.setColor(Color.BLACK);
                    g.setFont(CAPTION);
                    g.drawString(text, x - GAP / 3, top + 12);
                }
                String caption = captions[r][c];
                if (caption != null) {
                    centred(g, CAPTION, caption, x + side / 2, top + drawn + 18);
                }
            }
        }
        g.dispose();
        return out;
    }

    private static void centred(Graphics2D g, Font font, String text, int cx, int baseline) {
        g.setFont(font);
        g.setColor(Color.BLACK);
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, cx - m.stringWidth(text) / 2, baseline);
    }
}
