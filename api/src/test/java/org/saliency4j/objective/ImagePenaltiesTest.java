package org.saliency4j.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.saliency4j.tensor.Shape;

/** The image penalties' values and gradients on hand-computed cases, and against finite differences. */
class ImagePenaltiesTest {
    private static double[] gradient(SaliencyObjective o, double[] x, double weight) {
        Evaluation e = Evaluation.of(Map.of(), x);
        o.addGradient(e, weight);
        return e.imageGradient();
    }

    @Test
    void handComputedCases() {
        // 2 x 2, one channel: |4-1| + |2-3| down, |3-1| + |2-4| across.
        SaliencyObjective tv = ImagePenalties.totalVariation(Shape.of(2, 2, 1));
        double[] x = {1, 3, 4, 2};
        assertThat(tv.value(Evaluation.of(Map.of(), x))).isEqualTo(8);
        assertThat(gradient(tv, x, 1)).containsExactly(-2, 2, 2, -2);
        assertThat(gradient(tv, x, -0.5)).containsExactly(1, -1, -1, 1);
        SaliencyObjective l1 = ImagePenalties.l1(Shape.of(1, 3, 1), 0.5);
        assertThat(l1.value(Evaluation.of(Map.of(), new double[] {1, 0, 0.5}))).isEqualTo(1);
        assertThat(gradient(l1, new double[] {1, 0, 0.5}, 1)).containsExactly(1, -1, 0);
        assertThat(l1).hasToString("l1(image - 0.5)");
        // 1 x 3: the border means are over two neighbours, the middle's over three.
        SaliencyObjective blur = ImagePenalties.blur(Shape.of(1, 3, 1));
        assertThat(blur.value(Evaluation.of(Map.of(), new double[] {0, 3, 6}))).isEqualTo(2.25);
        assertThat(gradient(blur, new double[] {0, 3, 6}, 2)).containsExactly(-3, 0, 3);
    }

    @Test
    void totalVariationAndL1MatchFiniteDifferencesAwayFromTheirKinks() {
        SplittableRandom r = new SplittableRandom(2);
        Shape s = Shape.of(4, 5, 3);
        double[] x = new double[s.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        for (SaliencyObjective o : new SaliencyObjective[] {ImagePenalties.totalVariation(s), ImagePenalties.l1(s, 0.1)}) {
            double[] g = gradient(o, x, 1);
            for (int k = 0; k < x.length; k++) {
                double[] up = x.clone();
                double[] down = x.clone();
                up[k] += 1e-7;
                down[k] -= 1e-7;
                double numeric = (o.value(Evaluation.of(Map.of(), up)) - o.value(Evaluation.of(Map.of(), down))) / 2e-7;
                assertThat(g[k]).as("%s at %d", o, k).isCloseTo(numeric, within(1e-6));
            }
        }
    }

    @Test
    void anImageOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> ImagePenalties.totalVariation(Shape.of(2, 2, 1)).value(Evaluation.of(Map.of(),
                new double[5]))).hasMessageContaining("(2, 2, 1)");
    }
}
