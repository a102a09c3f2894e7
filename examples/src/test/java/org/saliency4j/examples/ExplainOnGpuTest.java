package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.backend.Availability;
import org.saliency4j.cuda.CudaBackendProvider;
import org.saliency4j.testing.CifarPngs;
import org.saliency4j.testing.SharedFiles;

/**
 * {@code explain --methods all --backend cuda} gives the CPU's maps within 1e-4 of each map's largest value, on four
 * CIFAR-10 test images (GPU suite only).
 */
@Tag("gpu")
class ExplainOnGpuTest {
    @TempDir
    Path dir;

    @Test
    void everyMethodsMapsAgreeWithTheCpu() throws IOException {
        Availability a = new CudaBackendProvider().probe();
        Assumptions.assumeTrue(a.available(), "no usable GPU: " + a.reason());
        Path model = SharedFiles.require(SharedFiles.CNN5);
        Path images = CifarPngs.write(dir.resolve("images"), 4);
        JsonNode cpu = explain(model, images, "cpu");
        JsonNode gpu = explain(model, images, "cuda");
        assertThat(cpu.get("images").get(0).get("maps").size()).isEqualTo(Attributions.names().size());
        assertThat(MapAgreement.disagreements(cpu, gpu, 1e-4)).isEmpty();
    }

    private JsonNode explain(Path model, Path images, String backend) throws IOException {
        Path out = dir.resolve(backend);
        CommandRun r = CommandRun.of("explain", "--model", model.toString(), "--image", images.toString(),
                "--methods", "all", "--backend", backend, "--quiet", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        return new ObjectMapper().readTree(out.resolve("explanations.json").toFile());
    }
}
