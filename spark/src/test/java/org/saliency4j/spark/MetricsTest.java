package org.saliency4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.saliency4j.SaliencyException;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.SharedFiles;
import org.saliency4j.trust.MuFidelity;

/** The metrics of a batch, without Spark: an image where a metric is not defined costs its own value only. */
class MetricsTest {
    @Test
    void aMapOfZerosGetsANullMuFidelityAndTheOtherImagesTheirOwn() throws Exception {
        Model m = KerasModels.load(SharedFiles.require(SharedFiles.CNN5));
        Random r = new Random(11);
        float[] pixels = new float[2 * m.inputShape().size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextFloat();
        }
        Tensor images = Tensor.of(m.inputShape().withBatch(2), pixels);
        try (Backend cpu = new CpuBackendProvider().create(); CompiledModel compiled = cpu.compile(m)) {
            Attribution real = Attributions.gradient().explain(compiled, images.samples(0, 1), Target.top1()).get(0);
            Attribution zeros = new Attribution(Tensor.filled(real.map().shape(), 0f), real.target(), real.score(),
                    Map.of());
            List<Attribution> maps = List.of(real, zeros);
            assertThatThrownBy(() -> MuFidelity.defaults().evaluate(compiled, images, maps)).as("the trust package")
                    .isInstanceOf(SaliencyException.class).hasMessageContaining("MuFidelity of image 1");
            List<List<Double>> values = Metrics.evaluate(List.of("mufidelity", "deletion"), 0, compiled,
                    Attributions.gradient(), images, maps);
            assertThat(values.get(0)).hasSize(2);
            assertThat(values.get(0).get(0)).as("the image with a real map")
                    .isEqualTo(MuFidelity.defaults().evaluate(compiled, images.samples(0, 1), List.of(real))[0]);
            assertThat(values.get(0).get(1)).as("the map of zeros").isNull();
            assertThat(values.get(1)).as("deletion is defined for both").doesNotContainNull();
        }
    }
}
