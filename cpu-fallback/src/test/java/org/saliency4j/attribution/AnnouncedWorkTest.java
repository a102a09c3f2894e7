package org.saliency4j.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
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
    /** A 6 x 6 grey image, a 3 x 3 convolution to two channels, global average pooling and three logits. */
    static Model small() {
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

    static Tensor images(int n) {
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
        try (Backend backend = new CpuBackendProvider().create(); CompiledModel compiled = backend.compile(model)) {
            for (AttributionMethod method : methods) {
                CountingModel announced = new CountingModel(compiled);
                method.announce(announced, 3);
                CountingModel run = new CountingModel(compiled);
                method.explain(run, images(3), Target.top1());
                assertThat(announced.announcedForwardOnly).as(method + ": forward-only passes")
                        .isEqualTo(run.forwardOnly);
                assertThat(announced.announcedWithBackward).as(method + ": passes with a backward pass")
                        .isEqualTo(run.withBackward);
                assertThat(run.withBackward + run.forwardOnly).as(method + " runs some work").isPositive();
            }
        }
    }
}
