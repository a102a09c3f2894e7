package org.saliency4j.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.SharedFiles;

/**
 * Grad-CAM on a transfer-learning model whose backbone is a nested model (the zoo's Teachable Machine export:
 * Sequential[Sequential[MobileNetV2, GlobalAveragePooling2D], Sequential[Dense, Dense]]), where tf-keras-vis's
 * users meet "Graph disconnected": the default layer is found inside the backbone and the map is computed.
 */
class NestedGradCamTest {
    @Test
    void theDefaultLayerIsTheBackbonesLastSpatialOneAndTheMapIsComputed() throws IOException {
        Model model = KerasModels.load(SharedFiles.require(SharedFiles.ZOO + "/963n-TeachableMachine__keras_model.h5"));
        Layer layer = Attributions.gradCam().layerOf(model);
        assertThat(layer.name()).contains("/");
        assertThat(layer.outputShape().dim(0)).isEqualTo(7);
        java.util.Random r = new java.util.Random(3);
        float[] v = new float[224 * 224 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        try (Backend backend = new CpuBackendProvider().create(); CompiledModel compiled = backend.compile(model)) {
            Attribution a = Attributions.gradCam().explain(compiled, Tensor.of(Shape.of(1, 224, 224, 3), v),
                    Target.top1()).get(0);
            assertThat(a.map().shape()).isEqualTo(Shape.of(224, 224));
            assertThat(a.details()).containsEntry("layer", layer.name());
            float max = 0;
            for (float m : a.map().toArray()) {
                assertThat(m).isGreaterThanOrEqualTo(0f);
                max = Math.max(max, m);
            }
            assertThat(max).as("a map that is not all zeros").isPositive();
        }
    }
}
