package org.saliency4j.examples;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line plots of per-epoch histories with XChart, in matplotlib's default colours. */
final class Plots {
    /** matplotlib's "tab10" colour cycle, the default of the notebook's plots. */
    private static final Color[] TAB10 = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };
    private static final int WIDTH = 800;
    private static final int HEIGHT = 300;

    private Plots() {
    }

    /** One plot: a line per series, indexed by epoch. */
    static BufferedImage lines(String title, String xTitle, List<String> names, List<double[]> series,
                               boolean logarithmic, boolean legend) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).build();
        Styler s = chart.getStyler();
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLegendVisible(legend);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setSeriesColors(TAB10);
        chart.getStyler().setXAxisTickMarkSpacingHint(150);
        chart.getStyler().setXAxisDecimalPattern("#");
        for (int i = 0; i < series.size(); i++) {
            double[] y = series.get(i);
            double[] x = new double[y.length];
            for (int e = 0; e < x.length; e++) {
                x[e] = e;
            }
            XYSeries line = chart.addSeries(names.get(i), x, y);
            line.setMarker(SeriesMarkers.NONE);
        }
        return BitmapEncoder.getBufferedImage(chart);
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
}
