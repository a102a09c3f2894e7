package org.saliency4j.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.saliency4j.SaliencyException;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * The similarity measures: oracles (identical maps, monotone transforms), a hand-computed Spearman case with ties,
 * and SSIM, HOG correlation and Spearman against scikit-image 0.19.3 and SciPy on two analytic maps
 * (benchmarks/peer/trust-reference/similarity_reference.py, its output beside it).
 */
class SimilarityTest {
    private static Tensor map(boolean first) {
        float[] v = new float[32 * 32];
        for (int r = 0; r < 32; r++) {
            for (int c = 0; c < 32; c++) {
                v[r * 32 + c] = first ? (float) (Math.sin(0.3 * r) + Math.cos(0.2 * c) + 0.1 * r * c / 32)
                        : (float) (Math.sin(0.25 * r + 1) * Math.cos(0.15 * c) + 0.02 * (r - c));
            }
        }
        return Tensor.of(Shape.of(32, 32), v);
    }

    private static Tensor a() {
        return map(true);
    }

    private static Tensor b() {
        return map(false);
    }

    @Test
    void identicalMapsAndMonotoneTransformsAreFullySimilar() {
        Tensor a = a();
        float[] v = a.toArray();
        float[] up = new float[v.length];
        float[] down = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            up[i] = (float) Math.exp(v[i]);
            down[i] = -v[i];
        }
        assertThat(Similarity.spearman(a, Tensor.of(a.shape(), up), false)).isEqualTo(1.0, within(1e-12));
        assertThat(Similarity.spearman(a, Tensor.of(a.shape(), down), false)).isEqualTo(-1.0, within(1e-12));
        assertThat(Similarity.ssim(a, a)).isEqualTo(1.0, within(1e-12));
        assertThat(Similarity.hogPearson(a, a)).isEqualTo(1.0, within(1e-12));
    }

    @Test
    void spearmanGivesTiesTheirMeanRank() {
        // Ranks (1, 2.5, 2.5, 4) and (1, 3, 2, 4): covariance 4.5 over sqrt(4.5 * 5), by hand.
        Tensor x = Tensor.of(Shape.of(2, 2), 1, 2, 2, 3);
        Tensor y = Tensor.of(Shape.of(2, 2), 1, 3, 2, 4);
        assertThat(Similarity.spearman(x, y, false)).isEqualTo(4.5 / Math.sqrt(4.5 * 5), within(1e-15));
        assertThat(Similarity.ranks(new double[] {3, 1, 3, 2})).containsExactly(3.5, 1, 3.5, 2);
    }

    @Test
    void agreesWithScikitImageAndScipy() {
        // similarity_reference.txt: scikit-image 0.19.3 and SciPy, float64 on the same float32 maps.
        assertThat(Similarity.ssim(a(), b())).isEqualTo(-0.09930755502025924, within(1e-12));
        // scikit-image's histograms carry float32 rounding: its features differ from a float64 evaluation of the same
        // definition (the script's own, which matches ours to 1e-15) by up to 3.2e-8.
        assertThat(Similarity.hogPearson(a(), b())).isEqualTo(0.07816402847843988, within(1e-7));
        assertThat(Similarity.hogPearson(a(), b())).isEqualTo(0.07816403321165317, within(1e-13));
        double[] features = Similarity.hog(Similarity.unit(Similarity.plane(a())), 32, 32);
        assertThat(features).hasSize(324);
        assertThat(features[0]).isEqualTo(0.06720940000715438, within(1e-7));
        assertThat(features[4]).isEqualTo(0.090419757717223, within(1e-7));
        assertThat(Similarity.spearman(a(), b(), false)).isEqualTo(-0.11308752726915097, within(1e-12));
        assertThat(Similarity.spearman(a(), b(), true)).isEqualTo(0.17505652760889778, within(1e-12));
    }

    @Test
    void aConstantMapHasNoCorrelationAndSaysSo() {
        Tensor flat = Tensor.filled(Shape.of(32, 32), 0.5f);
        assertThatThrownBy(() -> Similarity.spearman(flat, a(), false)).isInstanceOf(SaliencyException.class)
                .hasMessageContaining("constant map");
        assertThatThrownBy(() -> Similarity.ssim(Tensor.filled(Shape.of(8, 8), 1f), Tensor.filled(Shape.of(8, 8), 1f)))
                .hasMessageContaining("at least 11 x 11");
    }
}
