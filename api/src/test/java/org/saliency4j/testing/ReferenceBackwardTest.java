package org.saliency4j.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;

/** The double-precision input gradient against central differences of the double-precision forward pass. */
class ReferenceBackwardTest {
    private final RandomTensors r = new RandomTensors(7);

    /** Every kind the reference knows: same and valid convolutions, a floor max-pool, flatten, dropout, dense. */
    private Model cnn() {
        Model.Builder b = Model.builder("reference-cnn");
        Layer x = b.inputLayer("input", Shape.of(7, 7, 2));
        x = b.add("conv_a", "Conv2D", new LayerOp.Conv2D(r.uniform(Shape.of(3, 3, 2, 3), -1, 1),
                r.uniform(Shape.of(3), -0.2, 0.2), 1, 1, Padding.SAME), Activation.RELU, x);
        x = b.add("pool", "MaxPooling2D", new LayerOp.Pooling2D(LayerOp.PoolMode.MAX, 2, 2, 2, 2, Padding.VALID),
                Activation.LINEAR, x);
        x = b.add("conv_b", "Conv2D", new LayerOp.Conv2D(r.uniform(Shape.of(2, 2, 3, 3), -1, 1), null, 1, 1,
                Padding.VALID), Activation.RELU, x);
        x = b.add("flatten", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, x);
        x = b.add("dropout", "Dropout", new LayerOp.Dropout(0.5), Activation.LINEAR, x);
        x = b.add("dense_a", "Dense", new LayerOp.Dense(r.uniform(Shape.of(12, 5), -1, 1),
                r.uniform(Shape.of(5), 0, 0.5)), Activation.RELU, x);
        return b.build(b.add("dense_b", "Dense", new LayerOp.Dense(r.uniform(Shape.of(5, 4), -1, 1), null),
                Activation.SOFTMAX, x));
    }

    @Test
    void matchesCentralDifferencesOfAWeightedSumOfTheLogits() {
        Model model = cnn();
        Random random = new Random(11);
        double[] x = new double[7 * 7 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() * 2 - 1;
        }
        double[] weights = {0.7, -1.3, 0.4, 2.1};
        double[] g = ReferenceBackward.inputGradient(model, ReferenceForward.run(model, x, 1), weights);
        // Double precision with a 1e-6 step: the truncation error is about 1e-12 and a random point lies farther
        // than that from every ReLU and max-pool kink, so the two agree to about 1e-9 of the largest element.
        double[] numeric = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + 1e-6;
            double up = weightedLogits(model, x, weights);
            x[i] = keep - 1e-6;
            double down = weightedLogits(model, x, weights);
            x[i] = keep;
            numeric[i] = (up - down) / 2e-6;
        }
        GradientCheck.assertClose(g, numeric, 1e-7, "reference input gradient");
    }

    private static double weightedLogits(Model model, double[] x, double[] weights) {
        Map<Layer, ReferenceForward.Values> pass = ReferenceForward.run(model, x, 1);
        double[] z = pass.get(model.output()).preActivation();
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            s += weights[i] * z[i];
        }
        return s;
    }

    @Test
    void aLayerItDoesNotKnowIsRefusedByName() {
        Model.Builder b = Model.builder("average");
        Layer x = b.inputLayer("input", Shape.of(4, 4, 1));
        x = b.add("avg", "AveragePooling2D", new LayerOp.Pooling2D(LayerOp.PoolMode.AVERAGE, 2, 2, 2, 2,
                Padding.VALID), Activation.LINEAR, x);
        Model model = b.build(x);
        double[] image = new double[16];
        assertThatThrownBy(() -> ReferenceBackward.inputGradient(model, ReferenceForward.run(model, image, 1),
                new double[4])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("avg").hasMessageContaining("AveragePooling2D");
    }
}
