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
import org.saliency4j.attribution.Baseline;
import org.saliency4j.attribution.IntegratedGradients;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.image.Images;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;
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
    void integratedGradientsTakesTheBaselineAndToleranceGiven() throws IOException {
        Path image = images.resolve("test-0.png");
        // From the image to itself the path has no length: every attribution is 0, and so is S(x) - S(x').
        Path same = dir.resolve("same");
        var itself = run("explain", "--model", model.toString(), "--image", image.toString(), "--methods",
                "integrated-gradients", "--baseline", image.toString(), "--quiet", "--out", same.toString());
        assertThat(itself.status()).as(itself.err()).isZero();
        assertThat(itself.err()).contains("1 map(s) were all zeros");
        JsonNode json = new ObjectMapper().readTree(same.resolve("explanations.json").toFile());
        assertThat(json.get("methods").get("integrated-gradients").get("baseline").asText())
                .isEqualTo("image test-0.png");
        assertThat(json.get("images").get(0).get("completenessDelta").asDouble()).isZero();
        // A blurred baseline, and the steps doubled until completeness holds within 1 %.
        Path blurred = dir.resolve("blurred");
        var blur = run("explain", "--model", model.toString(), "--image", image.toString(), "--methods",
                "integrated-gradients", "--baseline", "blur:2", "--ig-tolerance", "0.01", "--quiet", "--out",
                blurred.toString());
        assertThat(blur.status()).as(blur.err()).isZero();
        JsonNode settings = new ObjectMapper().readTree(blurred.resolve("explanations.json").toFile());
        JsonNode ig = settings.get("methods").get("integrated-gradients");
        assertThat(ig.get("baseline").asText()).isEqualTo("blurred, sigma 2.0");
        assertThat(ig.get("tolerance").asDouble()).isEqualTo(0.01);
        JsonNode first = settings.get("images").get(0);
        Model m = KerasModels.load(model);
        try (Backend b = new CpuBackendProvider().create(); CompiledModel compiled = b.compile(m)) {
            Tensor x = Images.read(image, m.inputShape(), PixelScaling.unit(), Images.Fit.STRETCH);
            double[] from = new double[m.inputShape().size()];
            double[] values = new double[from.length];
            float[] v = x.toArray();
            for (int e = 0; e < v.length; e++) {
                values[e] = v[e];
            }
            Baseline.blurred(2).fill(values, 0, m.inputShape(), from);
            int target = first.get("target").asInt();
            double sBaseline;
            try (ForwardPass pass = compiled.forward(Tensor.ofDoubles(m.inputShape().withBatch(1), from))) {
                sBaseline = pass.preActivation(m.output()).get(0, target);
            }
            double gap = Math.abs(first.get("score").asDouble() - sBaseline);
            assertThat(gap).as("the blurred baseline scores differently").isGreaterThan(0.1);
            int steps = first.get("steps").asInt();
            assertThat(Math.abs(first.get("completenessDelta").asDouble()) <= 0.01 * gap
                    || steps == IntegratedGradients.MAX_STEPS).as("delta within 1 %% after %d steps", steps).isTrue();
        }
        for (String[] bad : new String[][] {{"blur:-1", "positive sigma"}, {"blur:x", "blur in pixels"},
            {"nothing.png", "none of them"}}) {
            var r = run("explain", "--model", model.toString(), "--image", image.toString(), "--baseline", bad[0],
                    "--out", dir.resolve("never").toString());
            assertThat(r.status()).as(bad[0]).isEqualTo(2);
            assertThat(r.err()).as(bad[0]).contains(bad[1]);
        }
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void allTheMethodsAreTheOnesThatFitTheModel() throws IOException {
        // A grey MNIST model of dense layers: no layer with a spatial grid, so no Grad-CAM of any kind.
        Path mlp = SharedFiles.require(SharedFiles.ZOO + "/tonio73__MNIST_dense128.h5");
        Path out = dir.resolve("all-mlp");
        var all = run("explain", "--model", mlp.toString(), "--image", images.resolve("test-0.png").toString(),
                "--methods", "all", "--samples", "4", "--steps", "4", "--quiet", "--out", out.toString());
        assertThat(all.status()).as(all.err()).isZero();
        assertThat(all.err()).contains("warning: --methods all leaves out grad-cam, grad-cam++, guided-grad-cam: ")
                .contains("no layer with a spatial grid");
        List<String> methods = new java.util.ArrayList<>();
        new ObjectMapper().readTree(out.resolve("explanations.json").toFile()).get("methods").fieldNames()
                .forEachRemaining(methods::add);
        assertThat(methods).hasSize(11).contains("occlusion", "rise").doesNotContain("grad-cam");
        // The default methods too: four of the five run.
        Path defaults = dir.resolve("default-mlp");
        var plain = run("explain", "--model", mlp.toString(), "--image", images.resolve("test-0.png").toString(),
                "--samples", "4", "--steps", "4", "--quiet", "--out", defaults.toString());
        assertThat(plain.status()).as(plain.err()).isZero();
        assertThat(plain.err()).contains("warning: the default methods leave out grad-cam: ");
        assertThat(new ObjectMapper().readTree(defaults.resolve("explanations.json").toFile()).get("methods"))
                .hasSize(4);
        // Named, or with its layer chosen, Grad-CAM is refused as before.
        var named = run("explain", "--model", mlp.toString(), "--image", images.resolve("test-0.png").toString(),
                "--methods", "saliency,grad-cam", "--out", dir.resolve("never").toString());
        assertThat(named.status()).isEqualTo(2);
        assertThat(named.err()).contains("no layer with a spatial grid");
    }

    @Test
    void aModelWithOneUnitAndNoSigmoidHasNoProbability() throws IOException {
        // DL4J's test model ends in Dense(1) without an activation: a score, not a probability.
        Path model = SharedFiles.require(SharedFiles.ZOO + "/dl4j-test-resources__cnn_batch_norm.h5");
        Path out = dir.resolve("one-unit");
        var r = run("explain", "--model", model.toString(), "--image", images.resolve("test-0.png").toString(),
                "--methods", "gradient", "--quiet", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(out.resolve("explanations.json").toFile()).get("images").get(0);
        assertThat(first.get("probability").isNull()).isTrue();
        assertThat(first.get("score").isNumber()).isTrue();
        var rise = run("explain", "--model", model.toString(), "--image", images.resolve("test-0.png").toString(),
                "--methods", "rise", "--out", dir.resolve("never").toString());
        assertThat(rise.status()).isEqualTo(2);
        assertThat(rise.err()).contains("rise weighs its masks by the target's probability");
        var assess = run("assess", "--model", model.toString(), "--image", images.resolve("test-0.png").toString(),
                "--methods", "gradient", "--out", dir.resolve("never").toString());
        assertThat(assess.status()).isEqualTo(2);
        assertThat(assess.err()).contains("--metrics deletion scores the target's probability");
        assertThat(dir.resolve("never")).doesNotExist();
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
