package org.saliency4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.RandomTensors;

/**
 * A layer run on its own through {@link CpuLayer} (as the CUDA backend runs the layers it has no kernel for) gives
 * bit for bit what the CPU backend gives for that layer inside a model, forward and backward.
 */
class CpuLayerTest {
    private final RandomTensors random = new RandomTensors(5);

    @Test
    void aSingleInputLayerGivesTheBackendsOutputAndGradient() {
        Model.Builder b = Model.builder("prelu");
        Layer x = b.input("input", Shape.of(3, 4, 2));
        Layer prelu = b.add("prelu", "PReLU", new LayerOp.PRelu(random.uniform(Shape.of(1, 1, 2), 0.1, 0.4)),
                Activation.LINEAR, x);
        Model model = b.build(prelu);
        Tensor in = random.uniform(model.inputShape().withBatch(2), -1, 1);
        Tensor seed = random.uniform(prelu.outputShape().withBatch(2), -1, 1);
        try (Backend backend = new CpuBackendProvider().create(); CompiledModel compiled = backend.compile(model);
             ForwardPass pass = compiled.forward(in)) {
            CpuLayer.Pass alone = CpuLayer.of(prelu).forward(new float[][] {in.toArray()}, 2);
            assertThat(alone.output()).containsExactly(pass.output().toArray());
            float[][] grads = alone.backward(seed.toArray());
            assertThat(grads).hasNumberOfRows(1);
            assertThat(grads[0]).containsExactly(pass.inputGradientFromPreActivation(prelu, seed).toArray());
        }
    }

    @Test
    void aMergeGivesOneGradientPerInbound() {
        Model.Builder b = Model.builder("twice");
        Layer x = b.input("input", Shape.of(2, 3, 2));
        Layer sum = b.add("add", "Add", new LayerOp.Merge(LayerOp.MergeKind.ADD), Activation.LINEAR, x, x);
        Model model = b.build(sum);
        Tensor in = random.uniform(model.inputShape().withBatch(3), -1, 1);
        Tensor seed = random.uniform(sum.outputShape().withBatch(3), -1, 1);
        try (Backend backend = new CpuBackendProvider().create(); CompiledModel compiled = backend.compile(model);
             ForwardPass pass = compiled.forward(in)) {
            CpuLayer.Pass alone = CpuLayer.of(sum).forward(new float[][] {in.toArray(), in.toArray()}, 3);
            assertThat(alone.output()).containsExactly(pass.output().toArray());
            float[][] grads = alone.backward(seed.toArray());
            assertThat(grads).hasNumberOfRows(2);
            assertThat(grads[0]).containsExactly(seed.toArray());
            assertThat(grads[1]).containsExactly(seed.toArray());
            // The model's input feeds both sides, so its gradient is the sum of the two.
            float[] both = new float[grads[0].length];
            for (int i = 0; i < both.length; i++) {
                both[i] = grads[0][i] + grads[1][i];
            }
            assertThat(pass.inputGradientFromPreActivation(sum, seed).toArray()).containsExactly(both);
        }
    }

    @Test
    void anActivationGivesTheBackendsOutputAndGradient() {
        Model.Builder b = Model.builder("softplus");
        Layer x = b.input("input", Shape.of(2, 3, 4));
        Layer dense = b.add("dense", "Dense", new LayerOp.Dense(random.uniform(Shape.of(4, 5), -1, 1), null),
                Activation.SOFTPLUS, x);
        Model model = b.build(dense);
        Tensor in = random.uniform(model.inputShape().withBatch(2), -1, 1);
        Tensor seed = random.uniform(dense.outputShape().withBatch(2), -1, 1);
        try (Backend backend = new CpuBackendProvider().create(); CompiledModel compiled = backend.compile(model);
             ForwardPass pass = compiled.forward(in)) {
            float[] pre = pass.preActivation(dense).toArray();
            CpuLayer.Pass alone = CpuLayer.activationOf(dense).forward(new float[][] {pre}, 2);
            assertThat(alone.output()).containsExactly(pass.output().toArray());
            // The backend's gradient at the pre-activation, from the seed at the output, is the activation's backward.
            float[] dPre = alone.backward(seed.toArray())[0];
            Tensor throughBoth = pass.inputGradient(dense, seed);
            Tensor throughDense = pass.inputGradientFromPreActivation(dense,
                    Tensor.of(dense.outputShape().withBatch(2), dPre));
            assertThat(throughDense.toArray()).containsExactly(throughBoth.toArray());
        }
    }
}
