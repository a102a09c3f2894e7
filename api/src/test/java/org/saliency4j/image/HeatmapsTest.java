package org.saliency4j.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** Display scaling, the colour tables, and the pictures made from them. */
class HeatmapsTest {
    @Test
    void aSignedMapIsDividedByThe98thPercentileOfItsMagnitudeAndClipped() {
        float[] map = new float[100];
        for (int i = 0; i < 100; i++) {
            map[i] = (i % 2 == 0 ? 1 : -1) * (i + 1);
        }
        Display.Scaled s = Display.scale(map, true);
        assertThat(s.scale()).isEqualTo(98);
        assertThat(s.values()[0]).isEqualTo(1 / 98.0);
        assertThat(s.values()[99]).isEqualTo(-1);
        assertThat(s.values()[98]).isEqualTo(1);
        Display.Scaled unsigned = Display.scale(new float[] {-5, 0, 2, 4}, false);
        assertThat(unsigned.values()).containsExactly(0, 0, 0.5, 1);
    }

    @Test
    void aMapOfZerosIsShownAsZerosAndSaysSo() {
        Display.Scaled s = Display.scale(new float[9], true);
        assertThat(s.empty()).isTrue();
        assertThat(s.values()).containsOnly(0);
        float[] sparse = new float[200];
        sparse[7] = 3;
        assertThat(Display.scale(sparse, false).scale()).as("98th percentile 0: the largest").isEqualTo(3);
    }

    @Test
    void theKthSmallestIsWhatASortedCopyHoldsThere() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int n : new int[] {1, 2, 3, 10, 37, 1024}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                // ties on purpose: a ReLU map is mostly zeros
                v[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(n / 2 + 1) / 7.0;
            }
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            for (int k = 1; k <= n; k += n > 100 ? 13 : 1) {
                assertThat(Display.smallest(v, k)).as("n %d, k %d", n, k).isEqualTo(sorted[k - 1]);
            }
            assertThat(Display.smallest(v, n)).isEqualTo(sorted[n - 1]);
        }
    }

    @Test
    void theColourTablesAreThePublishedOnes() {
        // viridis starts at (0.267004, 0.004874, 0.329415) and ends at (0.993248, 0.906157, 0.143936).
        assertThat(Colormap.VIRIDIS.rgb(0)).isEqualTo(0x440154);
        assertThat(Colormap.VIRIDIS.rgb(1)).isEqualTo(0xfde725);
        int centre = Colormap.COOLWARM.rgb(0.5);
        int r = centre >> 16 & 0xff;
        int b = centre & 0xff;
        assertThat(Math.abs(r - b)).as("cool-warm's centre is a neutral grey").isLessThan(8);
        assertThat(Colormap.COOLWARM.rgb(0) & 0xff).as("blue at -1").isGreaterThan(Colormap.COOLWARM.rgb(0) >> 16 & 0xff);
        assertThat(Colormap.COOLWARM.rgb(1) >> 16 & 0xff).as("red at 1").isGreaterThan(Colormap.COOLWARM.rgb(1) & 0xff);
    }

    @Test
    void aMapWithChannelsIsShownByItsSumPerPixel() {
        Tensor map = Tensor.of(Shape.of(1, 2, 3), 1, 2, 3, -1, -2, 4);
        assertThat(Heatmaps.perPixel(map)).containsExactly(6, 1);
        BufferedImage colour = Heatmaps.colour(map, true);
        assertThat(colour.getWidth()).isEqualTo(2);
        assertThat(colour.getHeight()).isEqualTo(1);
        assertThat(colour.getRGB(0, 0) & 0xffffff).isEqualTo(Colormap.COOLWARM.rgb(1));
    }

    @Test
    void anOverlayBlendsTheImageAndTheMapByAlpha() {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x204060);
        BufferedImage colour = Heatmaps.colour(Tensor.of(Shape.of(2, 2), 1, 2, 3, 4), false);
        assertThat(Heatmaps.overlay(image, colour, 0).getRGB(0, 0) & 0xffffff).isEqualTo(0x204060);
        assertThat(Heatmaps.overlay(image, colour, 1).getRGB(1, 1)).isEqualTo(colour.getRGB(1, 1));
        int half = Heatmaps.overlay(image, colour, 0.5).getRGB(0, 0);
        assertThat(half >> 16 & 0xff).isEqualTo((int) Math.round((0x20 + (colour.getRGB(0, 0) >> 16 & 0xff)) / 2.0));
    }

    @Test
    void aGridHasACellPerPictureWithRoomForTitles() {
        BufferedImage p = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        BufferedImage grid = Heatmaps.grid(List.of(List.of(p, p, p), Arrays.asList(p, null, p)),
                List.of(List.of("image", "saliency", "grad-cam"), List.of("a", "b", "c")), 64);
        assertThat(grid.getWidth()).isGreaterThan(3 * 64);
        assertThat(grid.getHeight()).isGreaterThan(2 * 64);
    }

    @Test
    void aTitleTooLongForItsCellIsShortenedKeepingAFinalNumber() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics metrics = g.getFontMetrics();
            int width = metrics.stringWidth("block_13_expand 12");
            assertThat(Heatmaps.fit("conv_1 3", metrics, width)).as("fits").isEqualTo("conv_1 3");
            String channel = Heatmaps.fit("sequential_1/model1/block_13_expand_relu 12", metrics, width);
            assertThat(channel).startsWith("sequential_1").endsWith("... 12");
            assertThat(metrics.stringWidth(channel)).isLessThanOrEqualTo(width);
            String name = Heatmaps.fit("American Staffordshire terrier", metrics, width);
            assertThat(name).as("no final number: the end goes").startsWith("American").endsWith("...");
            assertThat(metrics.stringWidth(name)).isLessThanOrEqualTo(width);
        } finally {
            g.dispose();
        }
    }
}
