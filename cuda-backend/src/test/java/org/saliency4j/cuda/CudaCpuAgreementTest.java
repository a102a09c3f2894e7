package org.saliency4j.cuda;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.GradientCheck;
import org.saliency4j.testing.RandomTensors;
import org.saliency4j.testing.SharedFiles;

/**
 * The GPU agrees with the CPU on the notebook's model: every layer's output and the input gradient of a random
 * weighting of each layer's output, for a batch of 4 random images. Tolerance 1e-4 of the largest element: both
 * compute in float32 (TF32 is disabled), in different summation orders. (Not the plain sum: the sum of a softmax
 * output is 1 whatever the input, so its gradient is zero and both backends return only rounding noise.)
 */
@GpuTest
class CudaCpuAgreementTest {
    private static final double TOLERANCE = 1e-4;

    @Test
    void cnn5LayerOutputsAndInputGradientsAgree() throws IOException {
        Model model = KerasModels.load(SharedFiles.require(SharedFiles.CNN5));
        Tensor x = new RandomTensors(21).uniform(model.inputShape().withBatch(4), 0, 1);
        RandomTensors seeds = new RandomTensors(22);
        try (Backend cpu = new CpuBackendProvider().create(); Backend gpu = new CudaBackendProvider().create();
             CompiledModel c = cpu.compile(model); CompiledModel g = gpu.compile(model);
             ForwardPass pc = c.forward(x); ForwardPass pg = g.forward(x)) {
            for (Layer l : List.copyOf(model.layers())) {
                GradientCheck.assertClose(GradientCheck.toDoubles(pg.output(l).toArray()),
                        GradientCheck.toDoubles(pc.output(l).toArray()), TOLERANCE, "output of " + l);
                Tensor seed = seeds.uniform(pc.output(l).shape(), -1, 1);
                GradientCheck.assertClose(GradientCheck.toDoubles(pg.inputGradient(l, seed).toArray()),
                        GradientCheck.toDoubles(pc.inputGradient(l, seed).toArray()), TOLERANCE,
                        "input gradient of a random weighting of " + l);
            }
        }
    }
}
