package org.saliency4j.vis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Lucid's diversity penalty: its value on hand cases and its gradient against finite differences. */
class DiversityTest {
    @Test
    void identicalImagesScoreBMinusOneAndImagesOnDisjointChannelsZero() {
        // Three images with the same values: every pair's normalised Grams agree, D = (1/3) * 3 * 2.
        double[] same = new double[3 * 4 * 2];
        for (int i = 0; i < same.length; i++) {
            same[i] = (i % 8) * 0.5 + 1;
        }
        assertThat(Diversity.penalty(same, 3, 2, new double[same.length])).isCloseTo(2, within(1e-12));
        // Image 0 uses only channel 0, image 1 only channel 1: their Grams do not overlap.
        double[] apart = {1, 0, 2, 0, 0, 3, 0, 1};
        assertThat(Diversity.penalty(apart, 2, 2, new double[4 * 2])).isZero();
    }

    @Test
    void theGradientMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(5);
        int batch = 3;
        int channels = 3;
        double[] v = new double[batch * 5 * channels];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        double[] g = new double[v.length];
        Diversity.penalty(v, batch, channels, g);
        for (int k = 0; k < v.length; k++) {
            double[] up = v.clone();
            double[] down = v.clone();
            up[k] += 1e-6;
            down[k] -= 1e-6;
            double numeric = (Diversity.penalty(up, batch, channels, new double[v.length])
                    - Diversity.penalty(down, batch, channels, new double[v.length])) / 2e-6;
            assertThat(g[k]).as("value %d", k).isCloseTo(numeric, within(1e-7 * Math.max(1, Math.abs(numeric))));
        }
    }
}
