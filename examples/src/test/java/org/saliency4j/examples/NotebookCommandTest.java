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
        // The captions of the original figure 1.
        assertThat(lines).contains(
                "figure 1 plane: predicted : plane 99.81%", "figure 1 car: predicted : car 99.95%",
                "figure 1 bird: predicted : bird 99.95%", "figure 1 cat: predicted : cat 99.96%",
                "figure 1 deer: predicted : deer 99.95%", "figure 1 dog: predicted : dog 99.85%",
                "figure 1 frog: predicted : frog 99.92%", "figure 1 horse: predicted : horse 99.91%",
                "figure 1 ship: predicted : ship 99.98%", "figure 1 truck: predicted : truck 99.92%");
    }

    @Test
    void figure3CaptionsAreTheNotebooksToTheLastDigit() {
        // The captions of the original figure 3: predicted class and percentage for the plane times each saliency.
        String[][] notebook = {
            {"plane", "plane", "73.55"}, {"car", "car", "89.75"}, {"bird", "bird", "54.38"}, {"cat", "cat", "89.63"},
            {"deer", "ship", "39.27"}, {"dog", "dog", "75.69"}, {"frog", "ship", "56.22"}, {"horse", "horse", "45.36"},
            {"ship", "ship", "96.75"}, {"truck", "truck", "87.72"},
        };
        Pattern caption = Pattern.compile("figure 3 plane x saliency\\((\\w+)\\): predicted : (\\w+) ([0-9.]+)%");
        int exact = 0;
        for (String[] expected : notebook) {
            Matcher m = lines.stream().map(caption::matcher).filter(Matcher::matches)
                    .filter(x -> x.group(1).equals(expected[0])).findFirst().orElseThrow();
            assertThat(m.group(2)).as("class predicted for saliency(%s)", expected[0]).isEqualTo(expected[1]);
            // These images inherit figure 1's max-pool ties, decided by float rounding (NOTEBOOK.md): the last
            // printed digit may differ by one.
            assertThat(Double.parseDouble(m.group(3))).as("percentage for saliency(%s)", expected[0])
                    .isCloseTo(Double.parseDouble(expected[2]), org.assertj.core.api.Assertions.within(0.0100001));
            if (m.group(3).equals(expected[2])) {
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
