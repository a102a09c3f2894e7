package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.testing.CifarPngs;
import org.saliency4j.testing.SharedFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code assess} on CIFAR-10 test images, as a user runs it: the record's keys and numbers, and the report page's
 * structure read back with an XML parser (the page is XHTML, self-contained: every image inline, nothing fetched).
 */
class AssessCommandTest {
    @TempDir
    static Path dir;
    private static Path images;
    private static Path model;


    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @BeforeAll
    static void writeThreeTestImages() throws IOException {
        model = SharedFiles.require(SharedFiles.CNN5);
        images = CifarPngs.write(dir.resolve("images"), 3);
    }

    @Test
    void aMetricNotDefinedForAnImageIsNullThereAndLeftOutOfTheMeans() throws Exception {
        // Integrated Gradients from the black baseline to a black image is a map of zeros: every MuFidelity subset
        // sums to 0, so the correlation is not defined for that image.
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        Files.copy(images.resolve("test-0.png"), mixed.resolve("a-test-0.png"));
        Files.copy(images.resolve("test-1.png"), mixed.resolve("b-test-1.png"));
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(32, 32,
                java.awt.image.BufferedImage.TYPE_INT_RGB), "png", mixed.resolve("c-black.png").toFile());
        Path out = dir.resolve("undefined");
        var r = run("assess", "--model", model.toString(), "--image", mixed.toString(), "--methods",
                "integrated-gradients", "--metrics", "mufidelity,deletion", "--backend", "cpu", "--quiet", "--out",
                out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: 1 metric value(s) not defined (mufidelity of integrated-gradients on "
                + "c-black.png)").contains("left out of the means, null in assessment.json");
        JsonNode json = new ObjectMapper().readTree(out.resolve(AssessCommand.JSON).toFile());
        JsonNode black = json.get("images").get(2).get("metrics").get("integrated-gradients");
        assertThat(black.get("mufidelity").isNull()).isTrue();
        assertThat(black.get("deletion").isNumber()).isTrue();
        double a = json.get("images").get(0).get("metrics").get("integrated-gradients").get("mufidelity").asDouble();
        double b = json.get("images").get(1).get("metrics").get("integrated-gradients").get("mufidelity").asDouble();
        JsonNode summary = json.get("summary").get("integrated-gradients").get("mufidelity");
        assertThat(summary.get("mean").asDouble()).isCloseTo((a + b) / 2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(summary.get("sd").asDouble()).isCloseTo(Math.abs(a - b) / Math.sqrt(2),
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(summary.get("undefined").asInt()).isOne();
        assertThat(json.get("summary").get("integrated-gradients").get("deletion").get("undefined").asInt()).isZero();
        assertThat(Files.readString(out.resolve(AssessCommand.REPORT))).contains("(1 not defined)")
                .contains("mufidelity not defined");
    }

    @Test
    void writesTheRecordAndASelfContainedReport() throws Exception {
        Path out = dir.resolve("out");
        var r = run("assess", "--model", model.toString(), "--image", images.toString(), "--class-names", "cifar10",
                "--methods", "saliency,grad-cam", "--sanity", "cascading", "--backend", "cpu", "--quiet", "--out",
                out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.resolve(AssessCommand.JSON).toFile());
        assertThat(json.get("model").asText()).isEqualTo("CIFAR-10_CNN5.h5");
        assertThat(json.get("images")).hasSize(3);
        JsonNode first = json.get("images").get(0);
        assertThat(first.get("targetName").asText()).isEqualTo("cat");
        List<String> metrics = new ArrayList<>();
        first.get("metrics").get("saliency").fieldNames().forEachRemaining(metrics::add);
        assertThat(metrics).containsExactly("deletion", "insertion", "mufidelity", "average-drop",
                "increase-in-confidence", "infidelity", "max-sensitivity");
        for (String m : List.of("deletion", "insertion", "average-drop")) {
            assertThat(first.get("metrics").get("grad-cam").get(m).asDouble()).isBetween(0.0, 1.0);
        }
        // The summary is the mean of the images' values.
        double sum = 0;
        for (JsonNode image : json.get("images")) {
            sum += image.get("metrics").get("saliency").get("insertion").asDouble();
        }
        assertThat(json.get("summary").get("saliency").get("insertion").get("mean").asDouble())
                .isCloseTo(sum / 3, org.assertj.core.api.Assertions.within(1e-12));
        // The cascading check: CNN5's five weighted layers, output first, four measures each.
        List<String> layers = new ArrayList<>();
        json.get("sanity").get("grad-cam").fieldNames().forEachRemaining(layers::add);
        assertThat(layers).containsExactly("dense_1", "dense_0", "conv_2", "conv_1", "conv_0");
        assertThat(json.get("sanity").get("saliency").get("conv_0").has("ssim")).isTrue();

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        Document page = f.newDocumentBuilder().parse(out.resolve(AssessCommand.REPORT).toFile());
        Element summary = byId(page, "summary-table");
        assertThat(summary.getElementsByTagName("th").getLength()).isEqualTo(1 + 7);
        assertThat(summary.getElementsByTagName("tbody").item(0).getChildNodes().getLength()).isEqualTo(2);
        NodeList imgs = page.getElementsByTagName("img");
        // Per image: the picture and two overlays; the sanity table: two methods x (trained + five layers).
        assertThat(imgs.getLength()).isEqualTo(3 * 3 + 2 * 6);
        for (int i = 0; i < imgs.getLength(); i++) {
            assertThat(((Element) imgs.item(i)).getAttribute("src")).startsWith("data:image/png;base64,");
        }
        // Deletion, insertion, and the four similarity measures.
        assertThat(page.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength()).isEqualTo(6);
        assertThat(Files.readString(out.resolve(AssessCommand.REPORT))).doesNotContain("src=\"http")
                .doesNotContain("<script");
        // A second run refuses to overwrite without --force.
        var again = run("assess", "--model", model.toString(), "--image", images.toString(), "--methods", "saliency",
                "--out", out.toString());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("would be overwritten");
    }

    @Test
    void unknownMetricsAndModesAreUsageErrors() {
        var metric = run("assess", "--model", model.toString(), "--image", images.toString(), "--metrics",
                "deletion,accuracy", "--out", dir.resolve("x").toString());
        assertThat(metric.status()).isEqualTo(2);
        assertThat(metric.err()).contains("no metric 'accuracy'").contains("mufidelity");
        var mode = run("assess", "--model", model.toString(), "--image", images.toString(), "--sanity", "random",
                "--out", dir.resolve("x").toString());
        assertThat(mode.status()).isEqualTo(2);
        assertThat(mode.err()).contains("cascading or independent");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    private static Element byId(Document page, String id) {
        NodeList all = page.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no element with id " + id);
    }
}
