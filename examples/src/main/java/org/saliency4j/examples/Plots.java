package org.saliency4j.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Line plots of per-epoch histories drawn as the notebook's matplotlib drew them with its defaults: tab10 colours,
 * 5 % margins around the data, at most nine "nice" ticks (steps of 1, 2, 2.5 or 5 times a power of ten), decade
 * ticks labelled 10^k on a logarithmic axis with unlabelled minor ticks between, a light solid grid on the major
 * ticks, anti-aliased lines, plain fonts, and the legend where it covers the fewest points ({@code loc="best"}).
 */
final class Plots {
    /** matplotlib's "tab10" colour cycle, the default of the notebook's plots. */
    private static final Color[] TAB10 = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };
    private static final int WIDTH = 800;
    private static final int HEIGHT = 300;
    /** The axes' box inside a plot: left, top, right and bottom margins in pixels. */
    private static final int LEFT = 62;
    private static final int TOP = 30;
    private static final int RIGHT = 16;
    private static final int BOTTOM = 46;
    /** matplotlib's default data margin, a fraction of the data range on each side. */
    private static final double MARGIN = 0.05;
    /** matplotlib's MaxNLocator default for auto ticks: at most this many intervals. */
    private static final int MAX_INTERVALS = 9;
    private static final Color GRID = new Color(0xb0b0b0);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

    private Plots() {
    }

    /**
     * One plot: a line per series, indexed by epoch.
     *
     * @param title       the title above the axes
     * @param xTitle      the label under the x axis
     * @param names       the series' names, for the legend
     * @param series      per series, its value at each epoch; not modified
     * @param logarithmic whether the y axis is logarithmic (values must then be positive)
     * @param legend      whether to draw the legend
     * @return the plot, {@value #WIDTH} x {@value #HEIGHT}
     */
    static BufferedImage lines(String title, String xTitle, List<String> names, List<double[]> series,
                               boolean logarithmic, boolean legend) {
        int epochs = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] y : series) {
            epochs = Math.max(epochs, y.length);
            for (double v : y) {
                double t = logarithmic ? Math.log10(v) : v;
                lo = Math.min(lo, t);
                hi = Math.max(hi, t);
            }
        }
        Axis x = Axis.linear(0, Math.max(1, epochs - 1));
        Axis y = logarithmic ? Axis.logarithmic(lo, hi) : Axis.linear(lo, hi);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Frame f = new Frame(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM, x, y);
        f.grid(g);
        for (int i = 0; i < series.size(); i++) {
            g.setColor(TAB10[i % TAB10.length]);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(f.path(series.get(i), logarithmic));
        }
        f.axes(g, logarithmic);
        centred(g, TITLE, title, LEFT + f.width() / 2, TOP - 10);
        centred(g, TICKS, xTitle, LEFT + f.width() / 2, HEIGHT - 8);
        if (legend) {
            f.legend(g, names, series, logarithmic);
        }
        g.dispose();
        return image;
    }

    /** Two plots side by side, as {@code plt.subplots(1, 2)}. */
    static BufferedImage sideBySide(BufferedImage left, BufferedImage right) {
        BufferedImage out = new BufferedImage(left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        return out;
    }

    private static void centred(Graphics2D g, Font font, String text, int x, int baseline) {
        g.setFont(font);
        g.setColor(Color.BLACK);
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    /**
     * An axis: its shown range (in log10 units for a logarithmic axis) and its major ticks.
     *
     * @param min   the lower end shown
     * @param max   the upper end shown
     * @param ticks the major ticks, inside the range
     */
    record Axis(double min, double max, List<Double> ticks) {
        /** The data range with 5 % margins, ticked at a nice step giving at most nine intervals. */
        static Axis linear(double lo, double hi) {
            if (hi <= lo) {
                hi = lo + 1;
            }
            double pad = (hi - lo) * MARGIN;
            double min = lo - pad;
            double max = hi + pad;
            double step = niceStep(max - min);
            List<Double> ticks = new ArrayList<>();
            for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
                ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
            }
            return new Axis(min, max, ticks);
        }

        /** A logarithmic axis over log10 values lo..hi, 5 % margins in log units, a tick at each decade inside. */
        static Axis logarithmic(double lo, double hi) {
            if (hi <= lo) {
                hi = lo + 1;
            }
            double pad = (hi - lo) * MARGIN;
            double min = lo - pad;
            double max = hi + pad;
            List<Double> ticks = new ArrayList<>();
            for (double k = Math.ceil(min); k <= max; k++) {
                ticks.add(k);
            }
            return new Axis(min, max, ticks);
        }

        /**
         * A tick's label with as many decimals as the step between ticks needs, the same for every tick (as
         * matplotlib's ScalarFormatter: 15.0, 17.5, 20.0).
         */
        String label(double t) {
            double step = ticks.size() > 1 ? ticks.get(1) - ticks.get(0) : 1;
            int decimals = 0;
            while (decimals < 10 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals)))
                    > 1e-6 * step * Math.pow(10, decimals)) {
                decimals++;
            }
            return String.format(java.util.Locale.ROOT, "%." + decimals + "f", t);
        }

        /** The smallest step of 1, 2, 2.5, 5 or 10 times a power of ten that cuts {@code range} into at most 9. */
        static double niceStep(double range) {
            double raw = range / MAX_INTERVALS;
            double decade = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double m : new double[] {1, 2, 2.5, 5, 10}) {
                if (m * decade >= raw * (1 - 1e-12)) {
                    return m * decade;
                }
            }
            return 10 * decade;
        }
    }

    /** The axes' box on the image, with the two axes that map data into it. */
    private record Frame(int left, int top, int width, int height, Axis x, Axis y) {
        double px(double v) {
            return left + (v - x.min()) / (x.max() - x.min()) * width;
        }

        double py(double v) {
            return top + height - (v - y.min()) / (y.max() - y.min()) * height;
        }

        Path2D path(double[] values, boolean logarithmic) {
            Path2D.Double p = new Path2D.Double();
            for (int e = 0; e < values.length; e++) {
                double v = logarithmic ? Math.log10(values[e]) : values[e];
                if (e == 0) {
                    p.moveTo(px(e), py(v));
                } else {
                    p.lineTo(px(e), py(v));
                }
            }
            return p;
        }

        void grid(Graphics2D g) {
            g.setColor(GRID);
            g.setStroke(new BasicStroke(0.8f));
            for (double t : x.ticks()) {
                g.draw(new java.awt.geom.Line2D.Double(px(t), top, px(t), top + height));
            }
            for (double t : y.ticks()) {
                g.draw(new java.awt.geom.Line2D.Double(left, py(t), left + width, py(t)));
            }
        }

        void axes(Graphics2D g, boolean logarithmic) {
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(0.8f));
            g.draw(new java.awt.Rectangle(left, top, width, height));
            g.setFont(TICKS);
            FontMetrics m = g.getFontMetrics();
            for (double t : x.ticks()) {
                int at = (int) Math.round(px(t));
                g.drawLine(at, top + height, at, top + height + 4);
                String label = x.label(t);
                g.drawString(label, at - m.stringWidth(label) / 2, top + height + 6 + m.getAscent());
            }
            for (double t : y.ticks()) {
                int at = (int) Math.round(py(t));
                g.drawLine(left - 4, at, left, at);
                if (logarithmic) {
                    decade(g, (int) Math.round(t), left - 6, at);
                } else {
                    String label = y.label(t);
                    g.drawString(label, left - 6 - m.stringWidth(label), at + m.getAscent() / 2 - 1);
                }
            }
            if (logarithmic) {
                // Minor ticks at 2..9 times each decade, unlabelled.
                for (double k = Math.floor(y.min()); k <= y.max(); k++) {
                    for (int j = 2; j <= 9; j++) {
                        double v = k + Math.log10(j);
                        if (v > y.min() && v < y.max()) {
                            int at = (int) Math.round(py(v));
                            g.drawLine(left - 2, at, left, at);
                        }
                    }
                }
            }
        }

        /** "10" with the exponent raised and smaller, right-aligned at x, centred on y. */
        private static void decade(Graphics2D g, int k, int x, int y) {
            Font small = TICKS.deriveFont(9f);
            int exponent = g.getFontMetrics(small).stringWidth(String.valueOf(k));
            int base = g.getFontMetrics(TICKS).stringWidth("10");
            int ascent = g.getFontMetrics(TICKS).getAscent();
            g.setFont(TICKS);
            g.drawString("10", x - exponent - base, y + ascent / 2 - 1);
            g.setFont(small);
            g.drawString(String.valueOf(k), x - exponent, y - ascent / 2 + 4);
            g.setFont(TICKS);
        }

        /** The legend at the corner or side, of matplotlib's nine places, that covers the fewest data points. */
        void legend(Graphics2D g, List<String> names, List<double[]> series, boolean logarithmic) {
            g.setFont(TICKS);
            FontMetrics m = g.getFontMetrics();
            int rowHeight = m.getHeight() + 2;
            int textWidth = 0;
            for (String n : names) {
                textWidth = Math.max(textWidth, m.stringWidth(n));
            }
            int w = 8 + 28 + 6 + textWidth + 8;
            int h = 6 + names.size() * rowHeight + 4;
            int[] xs = {left + width - w - 8, left + 8, left + (width - w) / 2};
            int[] ys = {top + 8, top + height - h - 8, top + (height - h) / 2};
            int bestX = xs[0];
            int bestY = ys[0];
            int fewest = Integer.MAX_VALUE;
            // matplotlib's order of preference: upper right, upper left, lower left, lower right, right,
            // center left, center right, lower center, upper center.
            int[][] order = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 2}, {1, 2}, {0, 2}, {2, 1}, {2, 0}};
            for (int[] o : order) {
                int count = covered(series, logarithmic, xs[o[0]], ys[o[1]], w, h);
                if (count < fewest) {
                    fewest = count;
                    bestX = xs[o[0]];
                    bestY = ys[o[1]];
                }
            }
            g.setColor(new Color(255, 255, 255, 204));
            g.fillRoundRect(bestX, bestY, w, h, 6, 6);
            g.setColor(new Color(0xcccccc));
            g.setStroke(new BasicStroke(1f));
            g.drawRoundRect(bestX, bestY, w, h, 6, 6);
            for (int i = 0; i < names.size(); i++) {
                int mid = bestY + 6 + i * rowHeight + rowHeight / 2;
                g.setColor(TAB10[i % TAB10.length]);
                g.setStroke(new BasicStroke(1.5f));
                g.drawLine(bestX + 8, mid, bestX + 36, mid);
                g.setColor(Color.BLACK);
                g.drawString(names.get(i), bestX + 42, mid + m.getAscent() / 2 - 1);
            }
        }

        private int covered(List<double[]> series, boolean logarithmic, int bx, int by, int w, int h) {
            int count = 0;
            for (double[] values : series) {
                for (int e = 0; e < values.length; e++) {
                    double v = logarithmic ? Math.log10(values[e]) : values[e];
                    double qx = px(e);
                    double qy = py(v);
                    if (qx >= bx && qx <= bx + w && qy >= by && qy <= by + h) {
                        count++;
                    }
                }
            }
            return count;
        }
    }
}
