package org.saliency4j.vis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.saliency4j.tensor.Shape;

/** The transformations: each step's values on hand-checked cases, and every step's backward pass as its adjoint. */
class WarpTest {
    private static double[] random(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    @Test
    void padCropAndIdentitiesDoWhatTheySay() {
        double[] image = {1, 2, 3, 4, 5, 6}; // 2 x 3, one channel
        double[] padded = new Warp(2, 3).pad(1, 0.5).apply(image, 1);
        assertThat(padded).hasSize(4 * 5).startsWith(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 2, 3, 0.5);
        assertThat(new Warp(4, 5).crop(1, 1, 1).apply(padded, 1)).containsExactly(1, 2, 3, 0.5, 4, 5, 6, 0.5, 0.5,
                0.5, 0.5, 0.5);
        double[] same = new Warp(2, 3).resize(2, 3).rotate(0).apply(image, 1);
        for (int i = 0; i < 6; i++) {
            assertThat(same[i]).isCloseTo(image[i], within(1e-15));
        }
        // Doubling a 1 x 2 image with half-pixel centres: 1, 1.25, 1.75, 2 (edges replicated).
        assertThat(new Warp(1, 2).resize(1, 4).apply(new double[] {1, 2}, 1)).containsExactly(1, 1.25, 1.75, 2);
        // A quarter turn of a square image moves each pixel to its rotated place.
        double[] turned = new Warp(3, 3).rotate(90).apply(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1);
        double[] expected = {7, 4, 1, 8, 5, 2, 9, 6, 3};
        for (int i = 0; i < 9; i++) {
            assertThat(turned[i]).as("pixel %d", i).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void theBackwardPassIsTheAdjointOfEveryDrawnSequence() {
        SplittableRandom r = new SplittableRandom(11);
        for (int draw = 0; draw < 20; draw++) {
            Shape s = Shape.of(32, 32, 3);
            Warp warp = Transformations.lucid(32).sample(s, r);
            Warp linear = new Warp(32, 32);
            double[] x = random(r, s.size());
            double[] y = warp.apply(x, 3);
            // The constant part (the padding) is what the map gives for a zero image; the rest is linear.
            double[] b = warp.apply(new double[s.size()], 3);
            double[] g = random(r, y.length);
            double[] back = warp.adjoint(g, 3);
            double lhs = 0;
            double scale = 0;
            for (int i = 0; i < y.length; i++) {
                lhs += (y[i] - b[i]) * g[i];
                scale += Math.abs((y[i] - b[i]) * g[i]);
            }
            double rhs = 0;
            for (int i = 0; i < x.length; i++) {
                rhs += x[i] * back[i];
            }
            assertThat(rhs).as("draw %d", draw).isCloseTo(lhs, within(1e-12 * scale));
            assertThat(y).hasSize(s.size());
            assertThat(linear.apply(x, 3)).containsExactly(x);
        }
    }

    @Test
    void fusedStepsEqualTheStepsAppliedOneByOne() {
        SplittableRandom r = new SplittableRandom(5);
        double[] x = random(r, 32 * 32 * 3);
        // Lucid's sequence for 32 pixels, each step its own warp, against the same steps in one warp.
        double[] padded = new Warp(32, 32).pad(2, 0.5).apply(x, 3);
        double[] cropped = new Warp(36, 36).crop(4, 3, 1).apply(padded, 3);
        double[] scaled = new Warp(32, 32).resize(35, 35).apply(cropped, 3);
        double[] rotated = new Warp(35, 35).rotate(-7).apply(scaled, 3);
        double[] jittered = new Warp(35, 35).crop(2, 0, 2).apply(rotated, 3);
        double[] stepwise = new Warp(33, 33).resize(32, 32).apply(jittered, 3);
        Warp fused = new Warp(32, 32).pad(2, 0.5).crop(4, 3, 1).resize(35, 35).rotate(-7).crop(2, 0, 2)
                .resize(32, 32);
        double[] once = fused.apply(x, 3);
        assertThat(once).hasSize(stepwise.length);
        for (int i = 0; i < once.length; i++) {
            assertThat(once[i]).as("value %d", i).isCloseTo(stepwise[i], within(1e-13));
        }
        // Ending on a one-tap step keeps it.
        assertThat(new Warp(2, 3).pad(1, 0.5).crop(2, 1, 1).apply(new double[] {1, 2, 3, 4, 5, 6}, 1))
                .containsExactly(1, 2, 3, 4, 5, 6);
    }
}
