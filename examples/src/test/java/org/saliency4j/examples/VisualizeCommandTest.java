package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.testing.SharedFiles;

/** {@code visualize} on the notebook's CNN5, as a user runs it: the files, the record, the refusals. */
class VisualizeCommandTest {
    @TempDir
    Path dir;


    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void writesAPictureAndARecordPerItem() throws Exception {
        Path model = SharedFiles.require(SharedFiles.CNN5);
        Path out = dir.resolve("classes");
        var r = run("visualize", "--model", model.toString(), "--classes", "3..4", "--class-names", "cifar10",
                "--steps", "30", "--backend", "cpu", "--quiet", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(out.resolve("class-3.png")).exists();
        assertThat(out.resolve(VisualizeCommand.GRID)).exists();
        JsonNode json = new ObjectMapper().readTree(out.resolve(VisualizeCommand.JSON).toFile());
        assertThat(json.get("items")).hasSize(2);
        assertThat(json.get("settings").get("decorrelate").asBoolean()).isTrue();
        JsonNode first = json.get("items").get(0);
        assertThat(first.get("class").asInt()).isEqualTo(3);
        assertThat(first.get("layer").isNull()).isTrue();
        assertThat(first.get("objective").asText()).isEqualTo("logit(dense_1)[3]");
        assertThat(first.get("objectiveHistory")).hasSize(30);
        // The logit rises over the run (its steps are on randomly transformed images, so not every step).
        assertThat(first.get("objectiveHistory").get(29).asDouble())
                .isGreaterThan(first.get("objectiveHistory").get(0).asDouble());
        assertThat(first.get("image")).hasSize(32);
        assertThat(first.get("image").get(0).get(0)).hasSize(3);
        Path channels = dir.resolve("channels");
        var c = run("visualize", "--model", model.toString(), "--layer", "conv_1", "--channels", "5", "--steps", "5",
                "--parameterization", "pixel", "--no-transforms", "--quiet", "--out", channels.toString());
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(channels.resolve("conv_1-channel-5.png")).exists();
    }

    @Test
    void badChoicesAreUsageErrorsBeforeAnyWork() {
        Path model = SharedFiles.require(SharedFiles.CNN5);
        Path out = dir.resolve("never");
        var both = run("visualize", "--model", model.toString(), "--classes", "1", "--layer", "conv_1", "--out",
                out.toString());
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).contains("give --classes a..b, or --layer");
        var range = run("visualize", "--model", model.toString(), "--classes", "5..12", "--out", out.toString());
        assertThat(range.status()).isEqualTo(2);
        assertThat(range.err()).contains("0 <= a <= b <= 9");
        var names = run("visualize", "--model", model.toString(), "--classes", "1", "--class-names",
                "/nonexistent-but-cifar10-is-not", "--out", out.toString());
        assertThat(names.status()).isEqualTo(1);
        assertThat(names.err()).contains("/nonexistent-but-cifar10-is-not");
        var layer = run("visualize", "--model", model.toString(), "--layer", "nope", "--channels", "0", "--out",
                out.toString());
        assertThat(layer.status()).isEqualTo(2);
        assertThat(layer.err()).contains("nope");
        // LeNet's images have one channel: a colour preset is refused before the backend starts.
        var colour = run("visualize", "--model", SharedFiles.require(SharedFiles.LENET).toString(), "--classes", "1",
                "--scale", "caffe", "--out", out.toString());
        assertThat(colour.status()).isEqualTo(2);
        assertThat(colour.err()).hasLineCount(1).contains("--scale caffe needs 3 colour channels")
                .doesNotContain("backend");
        Path gan = SharedFiles.require(SharedFiles.ZOO + "/zaky-fetoh-simple-GAN__gan_model.h5");
        var vector = run("visualize", "--model", gan.toString(), "--classes", "0", "--out", out.toString());
        assertThat(vector.status()).isEqualTo(2);
        assertThat(vector.err()).hasLineCount(1).contains("needs an image input").contains("(None, 100)");
        assertThat(out).doesNotExist();
    }

    @Test
    void aGreyModelWithoutAChannelAxisIsVisualised() throws Exception {
        // A third-party MNIST model whose input is (28, 28): Flatten, then dense layers.
        Path model = SharedFiles.require(SharedFiles.ZOO + "/tonio73__MNIST_dense128.h5");
        Path out = dir.resolve("grey");
        var r = run("visualize", "--model", model.toString(), "--classes", "7", "--steps", "10", "--quiet", "--out",
                out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.resolve(VisualizeCommand.JSON).toFile());
        assertThat(json.get("settings").get("decorrelate").asBoolean()).as("no colours to decorrelate").isFalse();
        JsonNode image = json.get("items").get(0).get("image");
        assertThat(image).hasSize(28);
        assertThat(image.get(0)).hasSize(28);
        assertThat(image.get(0).get(0)).hasSize(1);
        assertThat(javax.imageio.ImageIO.read(out.resolve("class-7.png").toFile()).getWidth()).isEqualTo(28);
    }
}
