package org.saliency4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.RandomTensors;
import org.saliency4j.testing.SharedFiles;

/**
 * The two properties the notebook's grey-image runs depend on (NOTEBOOK.md, figures 1 and 7): a convolution of a
 * constant image is exactly constant wherever its window is inside the image, and max-pool ties send the gradient
 * to the first maximum of the window in row-major order.
 */
class ExactnessTest {
    private static final float GREY = 0.2f;

    /** Asserts that every position (y, x) of a (1, h, w, c) tensor in the given range holds the same bits per channel. */
    private static void assertConstantPerChannel(Tensor t, int fromY, int toY, int fromX, int toX) {
        int c = t.shape().dim(3);
        for (int ch = 0; ch < c; ch++) {
            float first = t.get(0, fromY, fromX, ch);
            for (int y = fromY; y < toY; y++) {
                for (int x = fromX; x < toX; x++) {
                    assertThat(Float.floatToRawIntBits(t.get(0, y, x, ch)))
                            .as("channel %d at (%d, %d) against (%d, %d)", ch, y, x, fromY, fromX)
                            .isEqualTo(Float.floatToRawIntBits(first));
                }
            }
        }
    }

    @Test
    void aConstantImageGivesExactlyEqualInteriorOutputs() {
        // 3x3 "same" convolution over 64 channels: long float sums, where any change of order changes the bits.
        RandomTensors r = new RandomTensors(3);
        LayerOp.Conv2D op = new LayerOp.Conv2D(r.uniform(Shape.of(3, 3, 64, 8), -1, 1), r.uniform(Shape.of(8), -1, 1),
                1, 1, Padding.SAME);
        Model.Builder b = Model.builder("conv");
        Model m = b.build(b.add("conv", "Conv2D", op, Activation.LINEAR, b.input("in", Shape.of(10, 12, 64))));
        try (CompiledModel compiled = new CpuBackendProvider().create().compile(m)) {
            Tensor y = compiled.forward(Tensor.filled(Shape.of(1, 10, 12, 64), GREY)).output();
            assertConstantPerChannel(y, 1, 9, 1, 11);
            // The border sees padding, so it differs: the property is about the summation order, not a tautology.
            assertThat(y.get(0, 0, 0, 0)).isNotEqualTo(y.get(0, 1, 1, 0));
        }
    }

    @Test
    void theNotebookModelKeepsTheGreyImageConstantUpToConv2() throws IOException {
        Model cnn5 = KerasModels.load(SharedFiles.require(SharedFiles.CNN5));
        try (Backend cpu = new CpuBackendProvider().create(); CompiledModel compiled = cpu.compile(cnn5.truncatedAt(4));
             ForwardPass pass = compiled.forward(Tensor.filled(Shape.of(1, 32, 32, 3), GREY))) {
            for (int i : new int[] {0, 1, 2, 3, 4}) {
                Layer l = cnn5.layer(i);
                assertConstantPerChannel(pass.output(l), 0, l.outputShape().dim(0), 0, l.outputShape().dim(1));
            }
        }
    }

    @Test
    void maxPoolTiesOnAConstantImageSendEveryGradientToTheTopLeftOfItsWindow() {
        Model.Builder b = Model.builder("pool");
        Layer pool = b.add("pool", "MaxPooling2D",
                new LayerOp.Pooling2D(LayerOp.PoolMode.MAX, 2, 2, 2, 2, Padding.VALID), Activation.LINEAR,
                b.input("in", Shape.of(5, 6, 2)));
        Model m = b.build(pool);
        try (Backend cpu = new CpuBackendProvider().create(); CompiledModel compiled = cpu.compile(m);
             ForwardPass pass = compiled.forward(Tensor.filled(Shape.of(1, 5, 6, 2), GREY))) {
            Tensor g = pass.inputGradient(pool, Tensor.filled(Shape.of(1, 2, 3, 2), 1f));
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 6; x++) {
                    boolean topLeft = y < 4 && y % 2 == 0 && x % 2 == 0;
                    for (int c = 0; c < 2; c++) {
                        assertThat(g.get(0, y, x, c)).as("(%d, %d, %d)", y, x, c).isEqualTo(topLeft ? 1f : 0f);
                    }
                }
            }
        }
    }
}
