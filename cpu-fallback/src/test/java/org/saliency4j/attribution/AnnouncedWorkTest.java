package org.saliency4j.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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

/**
 * What each method announces ({@link AttributionMethod#announce}) is the work its {@code explain} then runs: as
 * many samples through the model forward only, and as many with a backward pass, counted by a model that watches
 * every pass.
 */
class AnnouncedWorkTest {
    private Backend backend;

    @BeforeEach
    void open() {
        backend = new CpuBackendProvider().create();
    }

    @AfterEach
    void close() {
        backend.close();
    }

    /** A 6 x 6 grey image, a 3 x 3 convolution to two channels, global average pooling and three logits. */
    private static Model small() {
        Model.Builder b = Model.builder("small");
        Layer in = b.input("in", Shape.of(6, 6, 1));
        float[] k = new float[18];
        for (int i = 0; i < k.length; i++) {
            k[i] = (i % 5 - 2) / 4f;
        }
        Layer conv = b.add("conv", "Conv2D", new LayerOp.Conv2D(Tensor.of(Shape.of(3, 3, 1, 2), k), null, 1, 1,
                Padding.VALID), Activation.RELU, in);
        Layer gap = b.add("gap", "GlobalAveragePooling2D", new LayerOp.GlobalPooling2D(LayerOp.PoolMode.AVERAGE),
                Activation.LINEAR, conv);
        return b.build(b.add("logits", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(2, 3), 1, -1, 2, 3, 1, -2),
                null), Activation.SOFTMAX, gap));
    }

    private static Tensor images(int n) {
        float[] v = new float[n * 36];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 7 % 11) / 10f;
        }
        return Tensor.of(Shape.of(n, 6, 6, 1), v);
    }

    @Test
    void everyMethodAnnouncesTheForwardAndBackwardPassesItRuns() {
        List<AttributionMethod> methods = new ArrayList<>();
        Model model = small();
        for (String name : Attributions.names()) {
            methods.add(Attributions.resolvedFor(Attributions.byName(name), model));
        }
        methods.add(Attributions.integratedGradients().withRule(Quadrature.TRAPEZOID).withSteps(7));
        methods.add(Attributions.occlusion().withWindow(2).withStride(1));
        methods.add(Attributions.rise().withMasks(30));
        methods.add(Attributions.smoothGrad().withSamples(9).withInternalBatch(4));
        try (CompiledModel compiled = backend.compile(model)) {
            for (AttributionMethod method : methods) {
                Counting announced = new Counting(compiled);
                method.announce(announced, 3);
                Counting run = new Counting(compiled);
                method.explain(run, images(3), Target.top1());
                assertThat(announced.announcedForwardOnly).as(method + ": forward-only passes").isEqualTo(run.forwardOnly);
                assertThat(announced.announcedWithBackward).as(method + ": passes with a backward pass")
                        .isEqualTo(run.withBackward);
                assertThat(run.withBackward + run.forwardOnly).as(method + " runs some work").isPositive();
            }
        }
    }

    /** Counts what is announced to it, and the samples of the passes run through it by their kind. */
    private static final class Counting implements CompiledModel {
        private final CompiledModel inner;
        long announcedForwardOnly;
        long announcedWithBackward;
        long forwardOnly;
        long withBackward;

        Counting(CompiledModel inner) {
            this.inner = inner;
        }

        @Override
        public Model model() {
            return inner.model();
        }

        @Override
        public ForwardPass forward(Tensor input) {
            return new Watched(inner.forward(input));
        }

        @Override
        public ForwardPass forward(Shape shape, double[] input) {
            return new Watched(inner.forward(shape, input));
        }

        @Override
        public void announceWork(long samplePasses) {
            announcedWithBackward += samplePasses;
        }

        @Override
        public void announceForwardWork(long samplePasses) {
            announcedForwardOnly += samplePasses;
        }

        @Override
        public void close() {
            // the test closes the model it wraps
        }

        /** A pass that, when closed, counts its samples as forward only or with a backward pass. */
        private final class Watched implements ForwardPass {
            private final ForwardPass pass;
            private boolean backward;

            Watched(ForwardPass pass) {
                this.pass = pass;
            }

            @Override
            public Model model() {
                return pass.model();
            }

            @Override
            public int batchSize() {
                return pass.batchSize();
            }

            @Override
            public void copyValue(Layer layer, LayerValue value, float[] into) {
                pass.copyValue(layer, value, into);
            }

            @Override
            public void addGradient(Layer from, LayerValue at, double[] gradient, Layer to, BackwardRule rule,
                                    double[] into) {
                backward = true;
                pass.addGradient(from, at, gradient, to, rule, into);
            }

            @Override
            public void close() {
                if (backward) {
                    withBackward += pass.batchSize();
                } else {
                    forwardOnly += pass.batchSize();
                }
                pass.close();
            }
        }
    }
}
