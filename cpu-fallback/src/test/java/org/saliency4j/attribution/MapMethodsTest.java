package org.saliency4j.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.backend.LayerValue;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** Grad-CAM, Grad-CAM++, guided Grad-CAM, occlusion and RISE against cases computed by hand. */
class MapMethodsTest {
    private Backend backend;

    @BeforeEach
    void open() {
        backend = new CpuBackendProvider().create();
    }

    @AfterEach
    void close() {
        backend.close();
    }

    /**
     * A = (x, -x) by a 1x1 convolution of a 4x4 grey image, global average pooling, then logits
     * S_0 = 2 mean(A_0) - 1 mean(A_1) and S_1 = mean(A_0) + 3 mean(A_1): dS_0/dA = (2/16, -1/16) everywhere.
     */
    private static Model pooled() {
        Model.Builder b = Model.builder("pooled");
        Layer in = b.input("in", Shape.of(4, 4, 1));
        Layer conv = b.add("conv", "Conv2D", new LayerOp.Conv2D(Tensor.of(Shape.of(1, 1, 1, 2), 1, -1), null, 1, 1,
                Padding.VALID), Activation.LINEAR, in);
        Layer gap = b.add("gap", "GlobalAveragePooling2D", new LayerOp.GlobalPooling2D(LayerOp.PoolMode.AVERAGE),
                Activation.LINEAR, conv);
        return b.build(b.add("logits", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(2, 2), 2, 1, -1, 3),
                Tensor.of(Shape.of(2), 0.5f, -0.5f)), Activation.SOFTMAX, gap));
    }

    private static Tensor ramp() {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) {
            v[i] = (i + 1) / 16f;
        }
        return Tensor.of(Shape.of(1, 4, 4, 1), v);
    }

    @Test
    void gradCamIsTheGradientWeightedSumOfTheLayersMapsComputedByHand() {
        try (CompiledModel compiled = backend.compile(pooled())) {
            Attribution a = Attributions.gradCam().explain(compiled, ramp(), Target.classIndex(0)).get(0);
            assertThat(a.details()).containsEntry("layer", "conv");
            float[] x = ramp().toArray();
            float[] map = a.map().toArray();
            assertThat(a.map().shape()).isEqualTo(Shape.of(4, 4));
            for (int p = 0; p < 16; p++) {
                // ReLU(2/16 * x - 1/16 * (-x)) = 3/16 x; the 4x4 map is upsampled to 4x4, unchanged.
                assertThat(map[p]).isCloseTo(3f / 16 * x[p], within(1e-6f));
            }
            assertThat(((Tensor) a.details().get("coarseMap")).toArray()).containsExactly(map);
            // Class 1: weights (1/16, 3/16), so ReLU(1/16 x - 3/16 x) = 0 everywhere.
            assertThat(Attributions.gradCam().explain(compiled, ramp(), Target.classIndex(1)).get(0).map().toArray())
                    .containsOnly(0f);
        }
    }

    @Test
    void gradCamPlusPlusWeighsOnlyPositiveGradientsByItsAlphas() {
        try (CompiledModel compiled = backend.compile(pooled())) {
            float[] x = ramp().toArray();
            double sum = 0;
            for (float v : x) {
                sum += v;
            }
            // Channel 0: g = 1/8, sum of A_0 = sum(x): alpha = g^2 / (2 g^2 + sum g^3) at each of 16 pixels, so
            // w_0 = 16 g / (2 + sum g); channel 1's gradient is negative, so w_1 = 0.
            double g = 2.0 / 16;
            double w0 = 16 * g * g * g / (2 * g * g + sum * g * g * g);
            float[] map = Attributions.gradCamPlusPlus().explain(compiled, ramp(), Target.classIndex(0)).get(0).map()
                    .toArray();
            for (int p = 0; p < 16; p++) {
                assertThat(map[p]).isCloseTo((float) (w0 * x[p]), within(1e-6f));
            }
        }
    }

    @Test
    void upsamplingHasHalfPixelCentresAndClampedEdgesAsTensorFlowAndPyTorch() {
        // torch.nn.functional.interpolate([[1, 2], [3, 4]], size=4, mode="bilinear", align_corners=False)
        double[] up = Upsample.bilinear(new double[] {1, 2, 3, 4}, 2, 2, 4, 4);
        assertThat(up).containsExactly(1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4);
        assertThat(Upsample.bilinear(new double[] {5, 7}, 1, 2, 1, 2)).containsExactly(5, 7);
    }

    @Test
    void aWindowOfTheUpsampledMapIsThoseOfItsPixelsToTheBit() {
        double[] cells = new double[7 * 7];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Math.sin(i * 1.7) + i % 3;
        }
        double[] whole = Upsample.bilinear(cells, 7, 7, 40, 40);
        double[] window = Upsample.bilinear(cells, 7, 7, 40, 40, 3, 4, 32, 33);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 33; x++) {
                assertThat(window[y * 33 + x]).as("(%d, %d)", y, x).isEqualTo(whole[(y + 3) * 40 + x + 4]);
            }
        }
    }

    @Test
    void guidedGradCamIsGuidedBackpropTimesTheUpsampledMap() {
        Model model = IntegratedGradientsTest.smooth();
        Tensor image = IntegratedGradientsTest.images(1, 21);
        try (CompiledModel compiled = backend.compile(model)) {
            float[] cam = Attributions.gradCam().explain(compiled, image, Target.classIndex(1)).get(0).map().toArray();
            float[] guided = Attributions.guidedBackprop().explain(compiled, image, Target.classIndex(1)).get(0).map()
                    .toArray();
            float[] product = Attributions.guidedGradCam().explain(compiled, image, Target.classIndex(1)).get(0).map()
                    .toArray();
            for (int e = 0; e < product.length; e++) {
                assertThat(product[e]).isCloseTo(guided[e] * cam[e / 2], within(1e-6f * Math.abs(guided[e])));
            }
        }
    }

    @Test
    void theDefaultLayerIsTheLastWithASpatialGridAndOthersAreRefused() {
        Model model = IntegratedGradientsTest.smooth();
        assertThat(Attributions.gradCam().layerOf(model).name()).isEqualTo("conv");
        assertThatThrownBy(() -> Attributions.gradCam().withLayer("hidden").layerOf(model))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hidden")
                .hasMessageContaining("no spatial grid");
    }

    @Test
    void gradCamWeightsAreTheBackwardPassesGradientAtTheLayer() {
        // The weights come from the gradient at the layer's output, which the backend contract checks against
        // central differences; here the map is recomputed from that gradient directly.
        Model model = IntegratedGradientsTest.smooth();
        Tensor image = IntegratedGradientsTest.images(1, 22);
        Layer conv = model.layer("conv");
        try (CompiledModel compiled = backend.compile(model); ForwardPass pass = compiled.forward(image)) {
            float[] seed = {0, 0, 1};
            float[] g = pass.gradient(model.output(), LayerValue.PRE_ACTIVATION, Tensor.of(Shape.of(1, 3), seed),
                    conv, BackwardRule.STANDARD).toArray();
            float[] a = pass.output(conv).toArray();
            double[] weights = new double[4];
            for (int e = 0; e < g.length; e++) {
                weights[e % 4] += g[e] / 9.0;
            }
            float[] coarse = ((Tensor) Attributions.gradCam().explain(compiled, image, Target.classIndex(2)).get(0)
                    .details().get("coarseMap")).toArray();
            for (int p = 0; p < 9; p++) {
                double s = 0;
                for (int k = 0; k < 4; k++) {
                    s += weights[k] * a[p * 4 + k];
                }
                assertThat((double) coarse[p]).isCloseTo(Math.max(s, 0), within(1e-6));
            }
        }
    }

    /** S_c = sum_e w_ce x_e + b_c over a flattened 6x6x2 image. */
    private static Model linear(long seed) {
        Model.Builder b = Model.builder("linear");
        Layer in = b.input("in", Shape.of(6, 6, 2));
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, in);
        java.util.Random r = new java.util.Random(seed);
        return b.build(b.add("logits", "Dense", new LayerOp.Dense(IntegratedGradientsTest.weights(r, 72, 2),
                IntegratedGradientsTest.weights(r, 2)), Activation.SOFTMAX, flat));
    }

    @Test
    void occlusionOfALinearModelIsItsExactValue() {
        Model model = linear(3);
        float[] w = ((LayerOp.Dense) model.output().op()).kernel().toArray();
        Tensor image = Tensor.of(Shape.of(1, 6, 6, 2), randomImage());
        float[] x = image.toArray();
        try (CompiledModel compiled = backend.compile(model)) {
            float[] map = Attributions.occlusion().withWindow(3).withStride(2).withValue(0.25).explain(compiled, image,
                    Target.classIndex(1)).get(0).map().toArray();
            // Windows at 0, 2 and 3 (flush with the edge) on each axis; a window's drop is sum w (x - 0.25) under it.
            int[] starts = {0, 2, 3};
            double[] sum = new double[36];
            int[] count = new int[36];
            for (int y0 : starts) {
                for (int x0 : starts) {
                    double drop = 0;
                    for (int y = y0; y < y0 + 3; y++) {
                        for (int xx = x0; xx < x0 + 3; xx++) {
                            for (int c = 0; c < 2; c++) {
                                int e = (y * 6 + xx) * 2 + c;
                                drop += w[e * 2 + 1] * (x[e] - 0.25);
                            }
                        }
                    }
                    for (int y = y0; y < y0 + 3; y++) {
                        for (int xx = x0; xx < x0 + 3; xx++) {
                            sum[y * 6 + xx] += drop;
                            count[y * 6 + xx]++;
                        }
                    }
                }
            }
            for (int p = 0; p < 36; p++) {
                assertThat((double) map[p]).as("pixel %d", p).isCloseTo(sum[p] / count[p], within(1e-5));
            }
        }
    }

    private static float[] randomImage() {
        java.util.Random r = new java.util.Random(24);
        float[] v = new float[72];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    @Test
    void occlusionDefaultsFollowTheImageSizeAndAWindowMustFit() {
        Occlusion o = Attributions.occlusion();
        assertThat(o.resolvedFor(Shape.of(32, 32, 3)).settings()).containsEntry("window", 4).containsEntry("stride", 2);
        assertThat(o.resolvedFor(Shape.of(64, 48, 3)).settings()).containsEntry("window", 4);
        assertThat(o.resolvedFor(Shape.of(224, 224, 3)).settings()).containsEntry("window", 16)
                .containsEntry("stride", 8);
        assertThat(o.withWindow(5).withStride(3).resolvedFor(Shape.of(32, 32, 3)).settings())
                .containsEntry("window", 5).containsEntry("stride", 3);
        assertThatThrownBy(() -> o.withWindow(40).resolvedFor(Shape.of(32, 48, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 32");
        assertThat(Occlusion.starts(32, 4, 2)).hasSize(15).startsWith(0, 2).endsWith(28);
        assertThat(Occlusion.starts(10, 4, 4)).containsExactly(0, 4, 6);
        assertThat(Occlusion.starts(3, 4, 2)).containsExactly(0);
    }

    @Test
    void riseMasksAreSeededCroppedGridsKeptWithProbabilityP() {
        Rise rise = Attributions.rise().withSeed(5);
        double mean = 0;
        for (int i = 0; i < 200; i++) {
            double[] mask = rise.mask(i, 32, 32);
            assertThat(mask).hasSize(32 * 32);
            for (double v : mask) {
                assertThat(v).isBetween(0.0, 1.0);
                mean += v / (200 * 1024);
            }
        }
        assertThat(mean).isCloseTo(0.5, within(0.03));
        assertThat(rise.mask(7, 32, 32)).containsExactly(rise.mask(7, 32, 32));
        assertThat(rise.withSeed(6).mask(7, 32, 32)).isNotEqualTo(rise.mask(7, 32, 32));
    }

    @Test
    void riseOnAModelThatIgnoresItsInputIsTheConstantProbabilityTimesTheMasksMeanOverP() {
        Model.Builder b = Model.builder("constant");
        Layer in = b.input("in", Shape.of(4, 4, 1));
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, in);
        Model model = b.build(b.add("logits", "Dense", new LayerOp.Dense(Tensor.filled(Shape.of(16, 2), 0f),
                Tensor.of(Shape.of(2), 1, 0)), Activation.SOFTMAX, flat));
        Rise rise = Attributions.rise().withMasks(50);
        double probability = Math.exp(1) / (Math.exp(1) + 1);
        try (CompiledModel compiled = backend.compile(model)) {
            float[] map = rise.explain(compiled, ramp(), Target.classIndex(0)).get(0).map().toArray();
            double[] expected = new double[16];
            for (int i = 0; i < 50; i++) {
                double[] mask = rise.mask(i, 4, 4);
                for (int q = 0; q < 16; q++) {
                    expected[q] += probability * mask[q] / (50 * 0.5);
                }
            }
            for (int q = 0; q < 16; q++) {
                assertThat((double) map[q]).isCloseTo(expected[q], within(1e-6));
            }
        }
    }

    @Test
    void methodsThatNeedAnImageInputSaySo() {
        Model.Builder b = Model.builder("flat_input");
        Layer in = b.input("in", Shape.of(3));
        Model model = b.build(b.add("d", "Dense", new LayerOp.Dense(Tensor.filled(Shape.of(3, 2), 1f), null),
                Activation.SOFTMAX, in));
        try (CompiledModel compiled = backend.compile(model)) {
            for (AttributionMethod m : List.of(Attributions.occlusion(), Attributions.rise())) {
                assertThatThrownBy(() -> m.explain(compiled, Tensor.filled(Shape.of(1, 3), 1f), Target.top1()))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image input");
            }
            assertThatThrownBy(() -> Attributions.gradCam().explain(compiled, Tensor.filled(Shape.of(1, 3), 1f),
                    Target.top1())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spatial grid");
        }
    }
}
