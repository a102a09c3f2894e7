package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.image.Images;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.testing.CifarPngs;
import org.saliency4j.testing.SharedFiles;

/** {@code explain} on CIFAR-10 test images written as PNG files, as a user runs it. */
class ExplainCommandTest {
    @TempDir
    static Path dir;
    private static Path images;
    private static Path model;


    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @BeforeAll
    static void writeTwoTestImages() throws IOException {
        model = SharedFiles.require(SharedFiles.CNN5);
        images = CifarPngs.write(dir.resolve("images"), 2);
    }

    @Test
    void writesAnOverlayPerMethodAGridPerImageAndTheRecord() throws IOException {
        Path out = dir.resolve("out");
        var r = run("explain", "--model", model.toString(), "--image", images.toString(), "--class-names", "cifar10",
                "--methods", "saliency,integrated-gradients,grad-cam,occlusion", "--backend", "cpu", "--out",
                out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        for (String file : List.of("test-0-saliency.png", "test-0-integrated-gradients.png", "test-0-grad-cam.png",
                "test-0-grid.png", "test-1-grid.png", "explanations.json")) {
            assertThat(out.resolve(file)).as(file).isRegularFile();
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("explanations.json").toFile());
        assertThat(json.get("model").asText()).isEqualTo("CIFAR-10_CNN5.h5");
        assertThat(json.get("methods").get("integrated-gradients").get("steps").asInt()).isEqualTo(50);
        // Defaults that depend on the model are recorded as they were resolved for it.
        assertThat(json.get("methods").get("grad-cam").get("layer").asText()).isEqualTo("conv_2");
        assertThat(json.get("methods").get("occlusion").get("window").asInt()).isEqualTo(4);
        assertThat(json.get("methods").get("occlusion").get("stride").asInt()).isEqualTo(2);
        JsonNode first = json.get("images").get(0);
        // The first test image is a cat, and the notebook's model says so.
        assertThat(first.get("targetName").asText()).isEqualTo("cat");
        assertThat(first.get("target").asInt()).isEqualTo(3);
        assertThat(first.get("probability").asDouble()).isBetween(0.5, 1.0);
        assertThat(first.get("maps").get("saliency").size()).isEqualTo(32);
        assertThat(first.get("maps").get("saliency").get(0).size()).isEqualTo(32);
        assertThat(first.get("maps").get("integrated-gradients").get(0).get(0).size()).isEqualTo(3);
        assertThat(Math.abs(first.get("completenessDelta").asDouble()))
                .isLessThan(0.05 * Math.abs(first.get("score").asDouble()));
        // The map in the file is the API's map for the same image.
        Model m = KerasModels.load(model);
        try (Backend b = new CpuBackendProvider().create(); CompiledModel compiled = b.compile(m)) {
            Attribution a = Attributions.gradCam().explain(compiled, Images.read(images.resolve("test-0.png"),
                    m.inputShape(), PixelScaling.unit(), Images.Fit.STRETCH), Target.top1()).get(0);
            assertThat((float) first.get("maps").get("grad-cam").get(5).get(7).asDouble()).isEqualTo(a.map().get(5, 7));
        }
        var again = run("explain", "--model", model.toString(), "--image", images.toString(), "--methods", "saliency",
                "--out", out.toString());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("--force").contains("would be overwritten");
    }

    @Test
    void wrongInputsAreOneLineErrorsBeforeAnythingIsComputed() throws IOException {
        Path out = dir.resolve("errors");
        var method = run("explain", "--model", model.toString(), "--image", images.toString(), "--methods", "lime",
                "--out", out.toString());
        assertThat(method.status()).isEqualTo(2);
        assertThat(method.err().lines()).hasSize(1);
        assertThat(method.err()).contains("'lime'").contains("integrated-gradients");
        var layer = run("explain", "--model", model.toString(), "--image", images.toString(), "--methods", "grad-cam",
                "--layer", "dense_0", "--out", out.toString());
        assertThat(layer.status()).isEqualTo(2);
        assertThat(layer.err()).contains("dense_0").contains("no spatial grid");
        var window = run("explain", "--model", model.toString(), "--image", images.toString(), "--methods",
                "occlusion", "--window", "33", "--out", out.toString());
        assertThat(window.status()).isEqualTo(2);
        assertThat(window.err()).contains("33 pixels").contains("32 x 32");
        var target = run("explain", "--model", model.toString(), "--image", images.toString(), "--target", "unicorn",
                "--class-names", "cifar10", "--out", out.toString());
        assertThat(target.status()).isEqualTo(2);
        assertThat(target.err()).contains("'unicorn'").contains("airplane");
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        var image = run("explain", "--model", model.toString(), "--image", text.toString(), "--out", out.toString());
        assertThat(image.status()).isEqualTo(1);
        assertThat(image.err().lines()).hasSize(1);
        assertThat(image.err()).contains("notes.png").contains("not an image");
        assertThat(out).doesNotExist();
    }
}
