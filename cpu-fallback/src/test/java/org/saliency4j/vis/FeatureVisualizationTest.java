package org.saliency4j.vis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.objective.FeatureObjectives;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** A feature visualisation run: it raises its objective, is fixed by its seed, and an item ignores its batch. */
class FeatureVisualizationTest {
    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian() * 0.5f;
        }
        return v;
    }

    private static Model model() {
        Random r = new Random(9);
        Model.Builder b = Model.builder("small");
        Layer in = b.input("in", Shape.of(12, 12, 3));
        Layer conv = b.add("conv", "Conv2D", new LayerOp.Conv2D(Tensor.of(Shape.of(3, 3, 3, 4), random(r, 108)),
                Tensor.of(Shape.of(4), random(r, 4)), 1, 1, Padding.SAME), Activation.RELU, in);
        Layer gap = b.add("gap", "GlobalAveragePooling2D", new LayerOp.GlobalPooling2D(LayerOp.PoolMode.AVERAGE),
                Activation.LINEAR, conv);
        return b.build(b.add("out", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(4, 3), random(r, 12)),
                Tensor.of(Shape.of(3), random(r, 3))), Activation.SOFTMAX, gap));
    }

    private static double logit(CompiledModel m, double[] image, int c) {
        try (var pass = m.forward(Shape.of(1, 12, 12, 3), image)) {
            return pass.preActivation(m.model().output()).toArray()[c];
        }
    }

    @Test
    void raisesItsObjectiveAndIsFixedByItsSeed() {
        Model model = model();
        Layer out = model.output();
        try (Backend backend = new CpuBackendProvider().create(); CompiledModel m = backend.compile(model)) {
            FeatureVisualization vis = FeatureVisualization.defaults().withSteps(40).withSeed(3);
            List<SaliencyObjective> two = List.of(FeatureObjectives.classLogit(out, 0),
                    FeatureObjectives.classLogit(out, 2));
            FeatureVisualization.Result r = vis.run(m, two);
            assertThat(r.images().shape()).isEqualTo(Shape.of(2, 12, 12, 3));
            for (double v : r.display().toArray()) {
                assertThat(v).isBetween(0.0, 1.0);
            }
            // The start is grey, sigmoid(small) = 0.5 everywhere: the class's logit rises from there.
            double[] grey = new double[432];
            java.util.Arrays.fill(grey, 0.5);
            for (int i = 0; i < 2; i++) {
                double[] img = java.util.Arrays.copyOfRange(r.images().toArray(), i * 432, (i + 1) * 432);
                assertThat(logit(m, img, 2 * i)).as("item %d", i).isGreaterThan(logit(m, grey, 2 * i));
            }
            // Without transformations every Adam step on this smooth objective goes up.
            double[] plain = vis.withTransformations(Transformations.none()).run(m, two).objectives()[0];
            for (int step = 1; step < plain.length; step++) {
                assertThat(plain[step]).as("step %d", step).isGreaterThan(plain[step - 1]);
            }
            assertThat(r.formulas()).containsExactly("logit(out)[0]", "logit(out)[2]");
            // The same seed, the same run; item 1 alone, with its own seed, what it was in the batch.
            assertThat(vis.run(m, two).images().toArray()).containsExactly(r.images().toArray());
            FeatureVisualization.Result alone = vis.withSeed(4).run(m, two.subList(1, 2));
            assertThat(alone.images().toArray()).containsExactly(java.util.Arrays.copyOfRange(r.images().toArray(),
                    432, 864));
            assertThat(alone.objectives()[0]).containsExactly(r.objectives()[1]);
        }
    }

    /** Flatten, then a dense layer, on an input of this shape: the same weights for (6, 6) and (6, 6, 1). */
    private static Model flat(Shape input) {
        Random r = new Random(12);
        Model.Builder b = Model.builder("flat");
        Layer in = b.input("in", input);
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, in);
        return b.build(b.add("out", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(36, 3), random(r, 108)),
                Tensor.of(Shape.of(3), random(r, 3))), Activation.LINEAR, flat));
    }

    @Test
    void aGreyInputWithoutAChannelAxisIsVisualisedAsTheOneChannelImageItIs() {
        FeatureVisualization vis = FeatureVisualization.defaults().withSteps(12).withSeed(5);
        try (Backend backend = new CpuBackendProvider().create();
             CompiledModel plain = backend.compile(flat(Shape.of(6, 6)));
             CompiledModel channel = backend.compile(flat(Shape.of(6, 6, 1)))) {
            FeatureVisualization.Result a = vis.run(plain, List.of(FeatureObjectives.classLogit(plain.model().output(), 1)));
            FeatureVisualization.Result b = vis.run(channel,
                    List.of(FeatureObjectives.classLogit(channel.model().output(), 1)));
            assertThat(a.images().shape()).isEqualTo(Shape.of(1, 6, 6));
            assertThat(a.images().toArray()).containsExactly(b.images().toArray());
            assertThat(a.objectives()[0]).containsExactly(b.objectives()[0]);
            assertThatThrownBy(() -> vis.run(backend.compile(flat(Shape.of(36))),
                    List.of(FeatureObjectives.classLogit(plain.model().output(), 1))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(None, 36)");
        }
    }

    @Test
    void theKernelThreadCountChangesNothing() {
        Model model = model();
        List<SaliencyObjective> one = List.of(FeatureObjectives.channel(model.layer("conv"), 1));
        double[][] results = new double[2][];
        String before = System.getProperty(CpuBackendProvider.THREADS_PROPERTY);
        try {
            for (int k = 0; k < 2; k++) {
                System.setProperty(CpuBackendProvider.THREADS_PROPERTY, k == 0 ? "1" : "4");
                try (Backend backend = new CpuBackendProvider().create(); CompiledModel m = backend.compile(model)) {
                    results[k] = FeatureVisualization.defaults().withSteps(20).run(m, one).images().toArray();
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty(CpuBackendProvider.THREADS_PROPERTY);
            } else {
                System.setProperty(CpuBackendProvider.THREADS_PROPERTY, before);
            }
        }
        assertThat(results[1]).containsExactly(results[0]);
    }

    @Test
    void diversityPushesTheImagesOfABatchApart() {
        Model model = model();
        Layer conv = model.layer("conv");
        List<SaliencyObjective> three = List.of(FeatureObjectives.classLogit(model.output(), 1),
                FeatureObjectives.classLogit(model.output(), 1), FeatureObjectives.classLogit(model.output(), 1));
        try (Backend backend = new CpuBackendProvider().create(); CompiledModel m = backend.compile(model)) {
            FeatureVisualization vis = FeatureVisualization.defaults().withSteps(60)
                    .withTransformations(Transformations.none());
            double plain = similarity(vis.run(m, three).display().toArray());
            double pushed = similarity(vis.withDiversity(conv, 50).run(m, three).display().toArray());
            assertThat(pushed).isLessThan(plain);
        }
    }

    /** The mean correlation between the three images' pixels. */
    private static double similarity(double[] images) {
        int per = images.length / 3;
        double total = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                double ma = 0;
                double mb = 0;
                for (int k = 0; k < per; k++) {
                    ma += images[a * per + k] / per;
                    mb += images[b * per + k] / per;
                }
                double sab = 0;
                double saa = 0;
                double sbb = 0;
                for (int k = 0; k < per; k++) {
                    double x = images[a * per + k] - ma;
                    double y = images[b * per + k] - mb;
                    sab += x * y;
                    saa += x * x;
                    sbb += y * y;
                }
                total += sab / Math.sqrt(saa * sbb);
            }
        }
        return total / 3;
    }
}
