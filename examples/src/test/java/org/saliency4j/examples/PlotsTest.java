package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The history plots tick, label and place their legend as matplotlib's defaults do for the notebook's figures 2 and
 * 5 (the originals in ../shared/reference/notebook-figures): 100 epochs ticked every 20, 200 every 25, the loss's
 * decades 10^-2 to 10^1, labels with the decimals their step needs, and the legend where it covers no line.
 */
class PlotsTest {
    @Test
    void epochAxesTickAsTheNotebooksFiguresDo() {
        assertThat(Plots.Axis.linear(0, 99).ticks()).containsExactly(0.0, 20.0, 40.0, 60.0, 80.0, 100.0);
        assertThat(Plots.Axis.linear(0, 199).ticks()).containsExactly(0.0, 25.0, 50.0, 75.0, 100.0, 125.0, 150.0,
                175.0, 200.0);
    }

    @Test
    void valueAxesCarryTheDecimalsOfTheirStep() {
        // Figure 5's image norms, 13.9 to 32.1: matplotlib labels them 15.0, 17.5, ... 32.5.
        Plots.Axis norms = Plots.Axis.linear(13.9, 32.1);
        assertThat(norms.ticks()).startsWith(15.0, 17.5);
        assertThat(norms.label(15.0)).isEqualTo("15.0");
        assertThat(norms.label(17.5)).isEqualTo("17.5");
        // Figure 2's, 11.07 to 11.46: steps of 0.05, labelled 11.10, 11.15, ...
        Plots.Axis small = Plots.Axis.linear(11.07, 11.46);
        assertThat(small.ticks().get(1) - small.ticks().get(0)).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(small.label(small.ticks().get(0))).isEqualTo("11.10");
    }

    @Test
    void aLogarithmicAxisTicksEachDecade() {
        // Figure 2's losses, about 0.012 to 8.5: decades 10^-2 to 10^1.
        assertThat(Plots.Axis.logarithmic(Math.log10(0.012), Math.log10(8.5)).ticks())
                .containsExactly(-2.0, -1.0, 0.0, 1.0);
    }

    @Test
    void theLegendGoesWhereTheLinesAreNot() {
        // Lines along the top: the legend must not sit in the upper right, where matplotlib would try first.
        double[] high = new double[100];
        java.util.Arrays.fill(high, 10);
        double[] falling = new double[100];
        for (int e = 0; e < 100; e++) {
            falling[e] = 10 - e * 0.02;
        }
        BufferedImage with = Plots.lines("t", "epoch", List.of("a", "b"), List.of(high, falling), false, true);
        BufferedImage without = Plots.lines("t", "epoch", List.of("a", "b"), List.of(high, falling), false, false);
        int changed = 0;
        int top = Integer.MAX_VALUE;
        for (int y = 0; y < with.getHeight(); y++) {
            for (int x = 0; x < with.getWidth(); x++) {
                if (with.getRGB(x, y) != without.getRGB(x, y)) {
                    changed++;
                    top = Math.min(top, y);
                }
            }
        }
        // The legend was drawn, and all of it below the middle of the plot, away from the lines at the top.
        assertThat(changed).isGreaterThan(500);
        assertThat(top).isGreaterThan(with.getHeight() / 2);
    }
}
