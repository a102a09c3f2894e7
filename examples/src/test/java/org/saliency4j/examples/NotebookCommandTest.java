package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.testing.SharedFiles;

/**
 * The whole notebook, run once as a user runs it, against the numbers the original notebook printed
 * ({@code shared/reference/saliency-notebook.txt} and its figures, listed in NOTEBOOK.md).
 */
class NotebookCommandTest {
    @TempDir
    static Path dir;
    private static Path out;
    private static List<String> lines;
    private static int status;

    @BeforeAll
    static void runTheNotebook() {
        Path model = SharedFiles.require(SharedFiles.CNN5);
        Path data = SharedFiles.require(SharedFiles.CIFAR10_TEST).getParent();
        out = dir.resolve("figures");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        status = Main.run(new String[] {"notebook", "--out", out.toString(), "--model", model.toString(),
            "--data", data.toString(), "--backend", "cpu"}, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void figure1CaptionsAreTheNotebooks() {
        assertThat(status).isZero();
        for (int c = 0; c < NotebookCaptions.FIGURE1.size(); c++) {
            assertThat(lines).contains("figure 1 " + Notebook.CLASS_NAMES.get(c) + ": "
                    + NotebookCaptions.FIGURE1.get(c));
        }
    }

    @Test
    void figure3ClassesAreTheNotebooksAndAtLeastNineCaptionsToTheLastDigit() {
        Pattern caption = Pattern.compile("predicted : (\\w+) ([0-9.]+)%");
        int exact = 0;
        for (int c = 0; c < NotebookCaptions.FIGURE3.size(); c++) {
            String prefix = "figure 3 plane x saliency(" + Notebook.CLASS_NAMES.get(c) + "): ";
            String ours = lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow()
                    .substring(prefix.length());
            Matcher m = caption.matcher(ours);
            Matcher n = caption.matcher(NotebookCaptions.FIGURE3.get(c));
            assertThat(m.matches() && n.matches()).as("caption format of %s", ours).isTrue();
            assertThat(m.group(1)).as("class predicted for saliency(%s)", Notebook.CLASS_NAMES.get(c))
                    .isEqualTo(n.group(1));
            // These products inherit figure 1's max-pool near-ties, which float32 rounding decides: they lie within
            // 5e-5 of the exact values, and the notebook printed the exact values' digits
            // (NotebookExactArithmeticTest), so the last printed digit may differ by one.
            assertThat(Double.parseDouble(m.group(2))).as("percentage for saliency(%s)", Notebook.CLASS_NAMES.get(c))
                    .isCloseTo(Double.parseDouble(n.group(2)), org.assertj.core.api.Assertions.within(0.0100001));
            if (ours.equals(NotebookCaptions.FIGURE3.get(c))) {
                exact++;
            }
        }
        assertThat(exact).as("captions equal to the last digit").isGreaterThanOrEqualTo(9);
    }

    @Test
    void denseActivationsAreTheNotebooks() {
        assertThat(lines).contains("figure 4 Dense layer #0: activation on origin 0.354, on saliency 8.66");
        // Figure 7's activations on the grey image; its "on saliency" column is the notebook's bug (NOTEBOOK.md).
        assertThat(lines).anyMatch(l -> l.startsWith("figure 7 Layer #4, Unit #10: activation on origin 0.286,"));
        assertThat(lines).anyMatch(l -> l.startsWith("figure 7 Layer #4, Unit #60: activation on origin 0.19,"));
    }

    @Test
    void writesTheSevenFiguresAndTheRecord() throws IOException {
        for (String name : NotebookFigures.NAMES) {
            assertThat(ImageIO.read(out.resolve(name).toFile())).as(name).isNotNull();
        }
        String json = Files.readString(out.resolve(NotebookCommand.RESULTS));
        assertThat(json).contains("\"modelSha256\": \"").contains("\"part1\"").contains("\"part4\"")
                .contains("\"finalImage\"").contains("\"activationOnSaliency\"").contains("\"seconds\"")
                .contains("crossEntropy(dense_1 logits, class 0) + 0.001 * ||image||");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no partial files left")
                    .allMatch(n -> !n.endsWith(".part")).hasSize(8);
        }
    }

    @Test
    void anExistingOutputIsNotOverwrittenWithoutForce() throws IOException {
        byte[] before = Files.readAllBytes(out.resolve(NotebookFigures.NAMES.get(0)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int s = Main.run(new String[] {"notebook", "--out", out.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(s).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--force").contains("would be overwritten");
        assertThat(Files.readAllBytes(out.resolve(NotebookFigures.NAMES.get(0)))).isEqualTo(before);
    }

    @Test
    void threeSignificantDigitsAsPythonPrintsThem() {
        assertThat(Pictures.threeSignificant(0.35449)).isEqualTo("0.354");
        assertThat(Pictures.threeSignificant(8.6625)).isEqualTo("8.66");
        assertThat(Pictures.threeSignificant(0.18989)).isEqualTo("0.19");
        assertThat(Pictures.threeSignificant(37.09)).isEqualTo("37.1");
        assertThat(Pictures.threeSignificant(1234.5)).isEqualTo("1.23e+03");
        assertThat(Pictures.threeSignificant(0.00001234)).isEqualTo("1.23e-05");
        assertThat(String.format(Locale.ROOT, "%s", Pictures.threeSignificant(100))).isEqualTo("100");
    }
}
