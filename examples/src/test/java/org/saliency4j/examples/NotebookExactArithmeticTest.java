package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.DoubleTensor;
import org.saliency4j.testing.ReferenceBackward;
import org.saliency4j.testing.ReferenceForward;
import org.saliency4j.testing.SharedFiles;

/**
 * Where figures 1 and 3's printed numbers come from. The notebook's part 1 run in double precision end to end
 * ({@link ReferenceForward} and {@link ReferenceBackward}: image, network, cross-entropy and norm) prints all
 * twenty of the notebook's captions, so they are the exact-arithmetic values. A float32 run lands near them but not
 * on them: from the grey image, last-bit rounding decides near-ties of the max-pool windows, and figure 3's
 * products move by up to about 5e-5 with the summation order (docs/notebook.md measures it). Three of figure 3's
 * percentages lie within 3.2e-5 of a rounding boundary (bird, car, cat), so a float32 run prints all twenty only by
 * chance of its order.
 */
class NotebookExactArithmeticTest {
    /**
     * How far the CPU backend's float32 probabilities may lie from the float64 ones: twice the largest
     * order-induced difference measured (4.6e-5, figure 3's bird).
     */
    private static final double FLOAT32_TOLERANCE = 1e-4;

    private static final List<Notebook.Prediction> EXACT_FIGURE1 = new ArrayList<>();
    private static final List<Notebook.Prediction> EXACT_FIGURE3 = new ArrayList<>();
    private static Notebook.Results float32;

    @BeforeAll
    static void runPartOneInBothPrecisions() throws IOException {
        Model model = KerasModels.load(SharedFiles.require(SharedFiles.CNN5));
        Cifar10.LabeledImages test = Cifar10.read(SharedFiles.require(SharedFiles.CIFAR10_TEST),
                Math.max(Notebook.PART2_TEST_IMAGE, Notebook.PART3_TEST_IMAGE) + 1);
        DoubleTensor plane = test.exactImage(Notebook.PART2_TEST_IMAGE);
        for (int c = 0; c < Notebook.CLASS_NAMES.size(); c++) {
            DoubleTensor image = DoubleTensor.of(plane.shape(), classVisualisation(model, c, plane.shape().size()));
            EXACT_FIGURE1.add(predict(model, image.toArray()));
            EXACT_FIGURE3.add(predict(model, Notebook.multiply(image, plane).toArray()));
        }
        try (Backend cpu = new CpuBackendProvider().create()) {
            float32 = Notebook.run(model, cpu, test, n -> { });
        }
    }

    /** NOTEBOOK.md's part 1: minimise CE(c, logits) + lambda * ||img|| by plain gradient descent from grey. */
    private static double[] classVisualisation(Model model, int target, int size) {
        double[] image = new double[size];
        java.util.Arrays.fill(image, Notebook.GREY);
        for (int epoch = 0; epoch < Notebook.PART1_EPOCHS; epoch++) {
            Map<Layer, ReferenceForward.Values> pass = ReferenceForward.run(model, image, 1);
            double[] dLogits = pass.get(model.output()).output().clone(); // the softmax: d CE / d logits = p - onehot
            dLogits[target] -= 1;
            double[] g = ReferenceBackward.inputGradient(model, pass, dLogits);
            double norm = 0;
            for (double v : image) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < size; i++) {
                image[i] -= Notebook.PART1_LEARNING_RATE * (g[i] + Notebook.PART1_LAMBDA * image[i] / norm);
            }
        }
        return image;
    }

    private static Notebook.Prediction predict(Model model, double[] image) {
        double[] p = ReferenceForward.run(model, image, 1).get(model.output()).output();
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return new Notebook.Prediction(best, p[best]);
    }

    @Test
    void doublePrecisionPrintsEveryCaptionOfTheNotebook() {
        assertThat(EXACT_FIGURE1).extracting(Notebook.Prediction::caption).isEqualTo(NotebookCaptions.FIGURE1);
        assertThat(EXACT_FIGURE3).extracting(Notebook.Prediction::caption).isEqualTo(NotebookCaptions.FIGURE3);
    }

    @Test
    void theFloat32CpuRunLiesWithinOrderNoiseOfTheExactValues() {
        for (int c = 0; c < EXACT_FIGURE1.size(); c++) {
            Notebook.Prediction p1 = float32.part1().get(c).prediction();
            assertThat(p1.classIndex()).as("figure 1 class of run %d", c).isEqualTo(EXACT_FIGURE1.get(c).classIndex());
            assertThat(p1.probability()).as("figure 1 probability of run %d", c)
                    .isCloseTo(EXACT_FIGURE1.get(c).probability(), within(FLOAT32_TOLERANCE));
            Notebook.Prediction p3 = float32.part2().get(c).prediction();
            assertThat(p3.classIndex()).as("figure 3 class of run %d", c).isEqualTo(EXACT_FIGURE3.get(c).classIndex());
            assertThat(p3.probability()).as("figure 3 probability of run %d", c)
                    .isCloseTo(EXACT_FIGURE3.get(c).probability(), within(FLOAT32_TOLERANCE));
        }
    }
}
