package org.saliency4j.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saliency4j.SaliencyException;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * The faithfulness metrics against their oracles (Petsiuk et al.'s deletion and insertion on models that switch off at
 * the first changed pixel, MuFidelity of f(x) = sum(x)), against hand-computed values on small linear models, and
 * batched against one image at a time.
 */
class FaithfulnessTest {
    private Backend backend;

    @BeforeEach
    void start() {
        backend = new CpuBackendProvider().create();
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    /**
     * Two classes; class 0's logit is 100 m - 25 with m the smallest pixel ({@code smallest}) or the largest: for
     * pixels in [0.5, 1] its probability is 1 - 1.4e-11, and 1.4e-11 once m is 0.
     */
    private static Model gate(boolean smallest) {
        Model.Builder b = Model.builder("gate");
        Layer in = b.input("in", Shape.of(8, 8, 1));
        Layer sign = b.add("sign", "Rescaling", new LayerOp.Affine(Tensor.of(Shape.of(1), smallest ? -1 : 1),
                Tensor.of(Shape.of(1), 0)), Activation.LINEAR, in);
        Layer max = b.add("max", "GlobalMaxPooling2D", new LayerOp.GlobalPooling2D(LayerOp.PoolMode.MAX),
                Activation.LINEAR, sign);
        return b.build(b.add("out", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(1, 2), smallest ? -100 : 100, 0),
                Tensor.of(Shape.of(2), -25, 0)), Activation.SOFTMAX, max));
    }

    /** f(x) = w . x + b per class, on (h, w, c) images. */
    private static Model linear(int h, int w, int c, float[] kernel, float[] bias) {
        Model.Builder b = Model.builder("linear");
        Layer in = b.input("in", Shape.of(h, w, c));
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, in);
        return b.build(b.add("out", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(h * w * c, bias.length), kernel),
                Tensor.of(Shape.of(bias.length), bias)), Activation.SOFTMAX, flat));
    }

    private static float[] uniform(Random r, int n, double low, double high) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (low + (high - low) * r.nextDouble());
        }
        return v;
    }

    private static Attribution map(Tensor values, int target) {
        return new Attribution(values, target, 0, Map.of());
    }

    @Test
    void deletionOfAModelThatDiesAtTheFirstZeroIsNearZeroAndInsertionOfItsMirrorNearOne() {
        Random r = new Random(1);
        Tensor images = Tensor.of(Shape.of(3, 8, 8, 1), uniform(r, 192, 0.5, 1));
        List<Attribution> maps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            maps.add(map(Tensor.of(Shape.of(8, 8), uniform(r, 64, -1, 1)), 0));
        }
        DeletionInsertion one = DeletionInsertion.defaults().withPixelsPerStep(1);
        try (CompiledModel dies = backend.compile(gate(true)); CompiledModel wakes = backend.compile(gate(false))) {
            for (DeletionInsertion.Curve c : one.deletion(dies, images, maps)) {
                // 65 images: the first scores 1, the rest 0; AUC = (1 - 1/2) / 64.
                assertThat(c.scores()).hasSize(65);
                assertThat(c.auc()).isEqualTo(0.5 / 64, within(1e-9)).isLessThan(1e-2);
            }
            for (DeletionInsertion.Curve c : one.insertion(wakes, images, maps)) {
                assertThat(c.auc()).isEqualTo(1 - 0.5 / 64, within(1e-9)).isCloseTo(1, within(1e-2));
            }
        }
    }

    @Test
    void deletionAndInsertionOfALinearModelByHand() {
        // A 2 x 2 image, one channel, two classes; the map ranks pixels 2, 0, 3, 1 (ties by index: 0 before 3).
        float[] kernel = {1, -1, 2, 0.5f, -1, 1, 0.5f, 0};
        float[] bias = {0.1f, -0.1f};
        float[] x = {0.9f, 0.2f, 0.6f, 0.4f};
        Tensor image = Tensor.of(Shape.of(1, 2, 2, 1), x);
        List<Attribution> maps = List.of(map(Tensor.of(Shape.of(2, 2), 0.5f, -1, 0.7f, 0.5f), 0));
        int[] order = {2, 0, 3, 1};
        try (CompiledModel m = backend.compile(linear(2, 2, 1, kernel, bias))) {
            DeletionInsertion di = DeletionInsertion.defaults();
            double[] deletion = di.deletion(m, image, maps).get(0).scores();
            double[] insertion = di.insertion(m, image, maps).get(0).scores();
            assertThat(deletion).hasSize(5);
            for (int k = 0; k <= 4; k++) {
                double[] del = new double[4];
                double[] ins = new double[4];
                for (int p = 0; p < 4; p++) {
                    del[p] = x[p];
                }
                for (int j = 0; j < k; j++) {
                    del[order[j]] = 0;
                    ins[order[j]] = x[order[j]];
                }
                assertThat(deletion[k]).as("deletion step %d", k).isCloseTo(probability0(kernel, bias, del), within(1e-6));
                assertThat(insertion[k]).as("insertion step %d", k).isCloseTo(probability0(kernel, bias, ins),
                        within(1e-6));
            }
            double expected = (deletion[0] / 2 + deletion[1] + deletion[2] + deletion[3] + deletion[4] / 2) / 4;
            assertThat(di.deletion(m, image, maps).get(0).auc()).isCloseTo(expected, within(1e-15));
        }
    }

    /** Class 0's softmax probability of the linear model, in double. */
    private static double probability0(float[] kernel, float[] bias, double[] x) {
        double z0 = bias[0];
        double z1 = bias[1];
        for (int p = 0; p < x.length; p++) {
            z0 += kernel[2 * p] * x[p];
            z1 += kernel[2 * p + 1] * x[p];
        }
        return 1 / (1 + Math.exp(z1 - z0));
    }

    @Test
    void muFidelityOfTheSumIsOneForTheImageAndMinusOneForItsNegative() {
        Random r = new Random(2);
        float[] ones = new float[36];
        java.util.Arrays.fill(ones, 1f);
        float[] x = uniform(r, 36, 0.1, 1);
        Tensor image = Tensor.of(Shape.of(1, 6, 6, 1), x);
        float[] negative = new float[36];
        for (int i = 0; i < 36; i++) {
            negative[i] = -x[i];
        }
        try (CompiledModel sum = backend.compile(linear(6, 6, 1, ones, new float[] {0}))) {
            MuFidelity mu = MuFidelity.defaults().withGrid(3, 0.3);
            assertThat(mu.evaluate(sum, image, List.of(map(Tensor.of(Shape.of(6, 6), x), 0)))[0])
                    .isCloseTo(1, within(1e-12));
            assertThat(mu.evaluate(sum, image, List.of(map(Tensor.of(Shape.of(6, 6), negative), 0)))[0])
                    .isCloseTo(-1, within(1e-12));
        }
    }

    @Test
    void averageDropMasksTheImageByTheScaledMap() {
        float[] kernel = {1, -1, 2, 0.5f, -1, 1, 0.5f, 0};
        float[] bias = {0.1f, -0.1f};
        float[] x = {0.9f, 0.2f, 0.6f, 0.4f};
        // The map scaled to [0, 1]: (0.5, 0, 1, 0.25).
        Tensor map = Tensor.of(Shape.of(2, 2), 2, 0, 4, 1);
        try (CompiledModel m = backend.compile(linear(2, 2, 1, kernel, bias))) {
            AverageDrop.Result r = AverageDrop.evaluate(m, Tensor.of(Shape.of(1, 2, 2, 1), x), List.of(map(map, 0)))
                    .get(0);
            double y = probability0(kernel, bias, new double[] {0.9f, 0.2f, 0.6f, 0.4f});
            double o = probability0(kernel, bias, new double[] {0.9f * 0.5, 0, 0.6f, 0.4f * 0.25});
            assertThat(r.original()).isCloseTo(y, within(1e-6));
            assertThat(r.masked()).isCloseTo(o, within(1e-6));
            assertThat(r.drop()).isCloseTo(Math.max(0, y - o) / y, within(1e-5));
            assertThat(r.increase()).isEqualTo(o > y);
        }
    }

    @Test
    void infidelityOfTheExactGradientOfALinearModelIsZero() {
        Random r = new Random(3);
        float[] kernel = uniform(r, 48 * 2, -1, 1);
        Tensor images = Tensor.of(Shape.of(2, 4, 4, 3), uniform(r, 96, 0, 1));
        try (CompiledModel m = backend.compile(linear(4, 4, 3, kernel, new float[] {0.2f, -0.3f}))) {
            List<Attribution> gradients = Attributions.gradient().explain(m, images, Target.classIndex(1));
            Infidelity inf = Infidelity.defaults().with(10, 0.05, 4);
            for (double v : inf.evaluate(m, images, gradients)) {
                // S(x) - S(x - I) = I . w exactly, but for the float32 forward pass.
                assertThat(v).isLessThan(1e-10);
            }
            // Twice the gradient and no map miss by the same I . w: the same infidelity, well above zero.
            List<Attribution> twice = new ArrayList<>();
            List<Attribution> none = new ArrayList<>();
            for (Attribution g : gradients) {
                float[] v = g.map().toArray();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= 2;
                }
                twice.add(map(Tensor.of(g.map().shape(), v), 1));
                none.add(map(Tensor.filled(g.map().shape(), 0f), 1));
            }
            double[] a = inf.evaluate(m, images, twice);
            double[] b = inf.evaluate(m, images, none);
            for (int i = 0; i < 2; i++) {
                // Equal but for the float32 forward pass's rounding of S(x) - S(x - I), which enters the two with
                // opposite signs: about 1e-7 of |S| against |I . w| of about 0.2, so 1e-5 relative.
                assertThat(a[i]).isGreaterThan(1e-6).isCloseTo(b[i], within(1e-5 * b[i]));
            }
            // Max-sensitivity: a linear model's gradient does not move.
            for (double v : MaxSensitivity.defaults().evaluate(m, Attributions.gradient(), images, gradients)) {
                assertThat(v).isZero();
            }
        }
    }

    @Test
    void aBatchGivesEachImageWhatItGetsAlone() {
        Random r = new Random(4);
        Tensor images = Tensor.of(Shape.of(3, 8, 8, 1), uniform(r, 192, 0.5, 1));
        List<Attribution> maps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            maps.add(map(Tensor.of(Shape.of(8, 8), uniform(r, 64, -1, 1)), i % 2));
        }
        float[] kernel = uniform(r, 128, -1, 1);
        try (CompiledModel m = backend.compile(linear(8, 8, 1, kernel, new float[] {0, 0}))) {
            List<DeletionInsertion.Curve> together = DeletionInsertion.defaults().deletion(m, images, maps);
            List<DeletionInsertion.Curve> inserted = DeletionInsertion.defaults().insertion(m, images, maps);
            double[] mu = MuFidelity.defaults().evaluate(m, images, maps);
            List<AverageDrop.Result> drops = AverageDrop.evaluate(m, images, maps);
            double[] infidelity = Infidelity.defaults().evaluate(m, images, maps);
            for (int i = 0; i < 3; i++) {
                Tensor one = Tensor.of(Shape.of(1, 8, 8, 1), java.util.Arrays.copyOfRange(images.toArray(), 64 * i,
                        64 * (i + 1)));
                assertThat(DeletionInsertion.defaults().deletion(m, one, List.of(maps.get(i))).get(0).scores())
                        .containsExactly(together.get(i).scores());
                assertThat(DeletionInsertion.defaults().insertion(m, one, List.of(maps.get(i))).get(0).scores())
                        .containsExactly(inserted.get(i).scores());
                assertThat(MuFidelity.defaults().evaluate(m, one, List.of(maps.get(i)))[0]).isEqualTo(mu[i]);
                assertThat(AverageDrop.evaluate(m, one, List.of(maps.get(i))).get(0)).isEqualTo(drops.get(i));
                assertThat(Infidelity.defaults().evaluate(m, one, List.of(maps.get(i)))[0]).isEqualTo(infidelity[i]);
            }
        }
    }

    @Test
    void withSeedChangesTheSeedAloneKeepingTheDefaults() {
        Random r = new Random(5);
        Tensor images = Tensor.of(Shape.of(2, 8, 8, 1), uniform(r, 128, 0.5, 1));
        List<Attribution> maps = List.of(map(Tensor.of(Shape.of(8, 8), uniform(r, 64, -1, 1)), 0),
                map(Tensor.of(Shape.of(8, 8), uniform(r, 64, -1, 1)), 1));
        try (CompiledModel m = backend.compile(linear(8, 8, 1, uniform(r, 128, -1, 1), new float[] {0, 0}))) {
            double[] mu = MuFidelity.defaults().withSeed(9).evaluate(m, images, maps);
            assertThat(mu).containsExactly(MuFidelity.defaults().withSubsets(200, 9).evaluate(m, images, maps))
                    .isNotEqualTo(MuFidelity.defaults().evaluate(m, images, maps));
            double[] inf = Infidelity.defaults().withSeed(9).evaluate(m, images, maps);
            assertThat(inf).containsExactly(Infidelity.defaults().with(10, 0.003, 9).evaluate(m, images, maps))
                    .isNotEqualTo(Infidelity.defaults().evaluate(m, images, maps));
            AttributionMethod smooth = Attributions.smoothGrad();
            List<Attribution> smoothMaps = smooth.explain(m, images, Target.classIndex(0));
            assertThat(MaxSensitivity.defaults().withSeed(9).evaluate(m, smooth, images, smoothMaps))
                    .containsExactly(MaxSensitivity.defaults().with(10, 0.02, 9).evaluate(m, smooth, images, smoothMaps));
        }
    }

    @Test
    void muFidelityWhereDefinedGivesNullForAMapOfZerosAndTheOthersTheirOwn() {
        Random r = new Random(6);
        Tensor images = Tensor.of(Shape.of(3, 8, 8, 1), uniform(r, 192, 0.5, 1));
        List<Attribution> maps = List.of(map(Tensor.of(Shape.of(8, 8), uniform(r, 64, -1, 1)), 0),
                map(Tensor.filled(Shape.of(8, 8), 0f), 1), map(Tensor.of(Shape.of(8, 8), uniform(r, 64, -1, 1)), 1));
        try (CompiledModel m = backend.compile(linear(8, 8, 1, uniform(r, 128, -1, 1), new float[] {0, 0}))) {
            List<Double> where = MuFidelity.defaults().evaluateWhereDefined(m, images, maps);
            assertThat(where).hasSize(3);
            assertThat(where.get(1)).as("a map of zeros: every subset sums to 0").isNull();
            for (int i : new int[] {0, 2}) {
                Tensor one = Tensor.of(Shape.of(1, 8, 8, 1),
                        java.util.Arrays.copyOfRange(images.toArray(), 64 * i, 64 * (i + 1)));
                assertThat(where.get(i)).as("image %d", i)
                        .isEqualTo(MuFidelity.defaults().evaluate(m, one, List.of(maps.get(i)))[0]);
            }
            assertThatThrownBy(() -> MuFidelity.defaults().evaluate(m, images, maps))
                    .isInstanceOf(SaliencyException.class).hasMessageContaining("MuFidelity of image 1")
                    .hasMessageContaining("not defined");
        }
    }

    @Test
    void aMapWithNaNIsAnErrorNamingTheMetricAndTheImage() {
        Random r = new Random(5);
        Tensor images = Tensor.of(Shape.of(2, 8, 8, 1), uniform(r, 128, 0.5, 1));
        float[] bad = uniform(r, 64, -1, 1);
        bad[10] = Float.NaN;
        List<Attribution> maps = List.of(map(Tensor.of(Shape.of(8, 8), uniform(r, 64, -1, 1)), 0),
                map(Tensor.of(Shape.of(8, 8), bad), 0));
        float[] kernel = uniform(r, 128, -1, 1);
        try (CompiledModel m = backend.compile(linear(8, 8, 1, kernel, new float[] {0, 0}))) {
            assertThatThrownBy(() -> DeletionInsertion.defaults().deletion(m, images, maps))
                    .isInstanceOf(SaliencyException.class).hasMessageContaining("deletion of image 1")
                    .hasMessageContaining("NaN");
            assertThatThrownBy(() -> MuFidelity.defaults().evaluate(m, images, maps))
                    .isInstanceOf(SaliencyException.class).hasMessageContaining("MuFidelity of image 1");
        }
        // A model whose score drops by the same for every subset leaves the correlation undefined: said, per image.
        try (CompiledModel m = backend.compile(gate(true))) {
            Tensor first = Tensor.of(Shape.of(1, 8, 8, 1), java.util.Arrays.copyOf(images.toArray(), 64));
            assertThatThrownBy(() -> MuFidelity.defaults().evaluate(m, first, maps.subList(0, 1)))
                    .isInstanceOf(SaliencyException.class).hasMessageContaining("MuFidelity of image 0")
                    .hasMessageContaining("not defined");
        }
    }
}
