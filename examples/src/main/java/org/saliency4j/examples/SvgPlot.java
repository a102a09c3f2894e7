package org.saliency4j.examples;

import java.util.List;
import java.util.Locale;

/** A small line plot written as inline SVG, so that a report page needs no script, no network and no image files. */
final class SvgPlot {
    /** Colour-blind-safe series colours (Okabe and Ito 2008). */
    private static final List<String> COLOURS = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
            "#56B4E9", "#F0E442", "#000000");
    private static final int WIDTH = 420;
    private static final int HEIGHT = 260;
    private static final int LEFT = 48;
    private static final int RIGHT = 130;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    private SvgPlot() {
    }

    /**
     * @param title   the plot's title
     * @param xLabel  the horizontal axis' label
     * @param xTicks  a label for each point along the horizontal axis (the first and last are drawn), or names of
     *                every point where {@code categorical}
     * @param names   the series' names, for the legend
     * @param series  the series, each with one value per point (NaN leaves a gap)
     * @param yMin    the vertical axis' bottom
     * @param yMax    its top
     * @param categorical whether every x tick is labelled
     * @return the {@code <svg>} element
     */
    static String lines(String title, String xLabel, List<String> xTicks, List<String> names, List<double[]> series,
                        double yMin, double yMax, boolean categorical) {
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        int points = xTicks.size();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" class=\"plot\"><title>%s</title>", WIDTH, HEIGHT, WIDTH, HEIGHT,
                Html.escape(title)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" class=\"plot-title\">%s</text>", LEFT,
                Html.escape(title)));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>", LEFT, TOP, plotW, plotH));
        for (double y : new double[] {yMin, (yMin + yMax) / 2, yMax}) {
            double py = TOP + plotH * (1 - (y - yMin) / (yMax - yMin));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 4,
                    py + 4, number(y)));
        }
        for (int i = 0; i < points; i++) {
            if (categorical || i == 0 || i == points - 1) {
                double px = x(i, points, plotW);
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
                        + "class=\"tick\">%s</text>", px, TOP + plotH + 14, Html.escape(xTicks.get(i))));
            }
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                LEFT + plotW / 2, HEIGHT - 6, Html.escape(xLabel)));
        for (int k = 0; k < series.size(); k++) {
            String colour = COLOURS.get(k % COLOURS.size());
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < series.get(k).length; i++) {
                double v = series.get(k)[i];
                if (Double.isNaN(v)) {
                    pen = false;
                    continue;
                }
                double py = TOP + plotH * (1 - (Math.max(yMin, Math.min(yMax, v)) - yMin) / (yMax - yMin));
                path.append(String.format(Locale.ROOT, "%s%.1f %.1f ", pen ? "L" : "M", x(i, points, plotW), py));
                pen = true;
            }
            s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
                    path.toString().trim(), colour));
            int ly = TOP + 12 + 16 * k;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s</text>", WIDTH - RIGHT + 8, ly - 4,
                    WIDTH - RIGHT + 24, ly - 4, colour, WIDTH - RIGHT + 28, ly, Html.escape(names.get(k))));
        }
        return s.append("</svg>").toString();
    }

    private static double x(int i, int points, int plotW) {
        return LEFT + (points == 1 ? plotW / 2.0 : plotW * i / (double) (points - 1));
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
