package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saliency4j.testing.SharedFiles;

/** The example commands, run in-process as a user runs the jar. */
class MainTest {
    private record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void evaluateReproducesTheAccuracyKerasPrintedForTheNotebookModel() {
        Path model = SharedFiles.require(SharedFiles.CNN5);
        Path data = SharedFiles.require(SharedFiles.CIFAR10_TEST).getParent();
        Run r = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--backend", "cpu");
        assertThat(r.status()).as(r.err()).isZero();
        // Keras' model.evaluate printed 75.79 % for this model in the notebook that trained it.
        assertThat(r.lines()).last().isEqualTo("accuracy 0.7579 (7579/10000)");
        assertThat(r.lines()).hasSize(11);
        assertThat(r.lines().get(0)).startsWith("airplane ");
        assertThat(r.err()).contains("backend cpu:");
        // Ten seconds or more of work show progress; off a terminal as plain lines, ending with the total.
        assertThat(r.err()).containsPattern("evaluate 10,000/10,000 images \\(100 %\\), [0-9,]+ images/s");
    }

    @Test
    void aModelOnTheWrongPixelScaleDrawsAWarningNamingTheOtherScales() {
        Path model = SharedFiles.require(SharedFiles.CNN5);
        Path data = SharedFiles.require(SharedFiles.CIFAR10_TEST).getParent();
        // Every pixel 0.5, whatever the image: the model predicts one class for all, which scores chance.
        Run r = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--scale", "affine:0,0.5",
                "--limit", "500", "--quiet");
        assertThat(r.status()).isZero();
        assertThat(r.err()).startsWith("warning: accuracy 0.").contains("is near chance (0.1000 for 10 classes)")
                .contains("--scale 1 or --scale 255 or --scale -1..1").doesNotContain("backend");
    }

    @Test
    void summaryPrintsTheModelAsKerasDoes() {
        Run r = run("summary", "--model", SharedFiles.require(SharedFiles.CNN5).toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("dense_0 (Dense)              (None, 64)                65600")
                .contains("Total params: 122,570");
    }

    @Test
    void aMissingModelSaysWhereItLookedAndWhatToDo() {
        Run r = run("summary", "--model", "/nonexistent/m.h5");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("/nonexistent/m.h5").contains("model file not found").contains("--model");
    }

    @Test
    void aModelThatCannotTakeTheDataSetsImagesIsRefusedBeforeAnyWorkNamingData() {
        // LeNet takes (32, 32, 1): MNIST's 28 x 28 padded, not CIFAR-10's colour images.
        Run r = run("evaluate", "--model", SharedFiles.require(SharedFiles.LENET).toString(), "--data",
                SharedFiles.require(SharedFiles.CIFAR10_TEST).getParent().toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("backend").hasLineCount(1)
                .contains("CIFAR-10 images are (32, 32, 3), the model takes (None, 32, 32, 1)")
                .contains("give --data the test set the model was trained on");
        // A face-expression model of 7 classes fits MNIST's grey images (padded to 64 x 64), not its 10 classes.
        Run classes = run("evaluate", "--model", SharedFiles.require(SharedFiles.ZOO
                + "/oarriaga-face_classification__fer2013_mini_XCEPTION.102-0.66.hdf5").toString(), "--data",
                SharedFiles.require(SharedFiles.MNIST).toString());
        assertThat(classes.status()).isEqualTo(1);
        assertThat(classes.err()).hasLineCount(1).contains("the model has 7 classes, the MNIST test set 10");
    }

    @Test
    void theNotebookRefusesAModelNotShapedLikeItsOwnBeforeAnyWork() {
        Run r = run("notebook", "--model", SharedFiles.require(SharedFiles.LENET).toString(), "--out",
                "/nonexistent/never");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains("a model shaped like its own (CIFAR-10_CNN5.h5)")
                .contains("takes (None, 32, 32, 1), not (None, 32, 32, 3)");
    }

    @Test
    void aMissingDataFolderSaysWhereItLooked() {
        Run r = run("evaluate", "--model", SharedFiles.require(SharedFiles.CNN5).toString(), "--data", "/nonexistent/cifar");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("/nonexistent/cifar").contains("data folder not found");
    }

    @Test
    void unknownCommandsOptionsAndValuesAreOneLineUsageErrors() {
        assertUsageError(run("paint"), "Unmatched argument at index 0: 'paint'", "'saliency4j --help'");
        // 1e400 parses as Infinity: every pixel would become Infinity or NaN.
        assertUsageError(run("evaluate", "--scale", "affine:1e400,0"), "not a finite number");
        assertUsageError(run("evalute"), "(did you mean evaluate?)", "'saliency4j --help'");
        assertUsageError(run("evaluate", "--colour", "red"), "Unknown options: '--colour', 'red'",
                "'saliency4j evaluate --help'");
        assertUsageError(run("evaluate", "--limit", "zero"), "'zero' is not an int", "evaluate --help");
        assertUsageError(run("evaluate", "--limit", "0"), "--limit needs a positive whole number, got 0",
                "evaluate --help");
        assertUsageError(run("evaluate", "--scale", "7"), "'7' is not a pixel scaling", "affine:A,B");
        assertUsageError(run("summary", "--backend", "gpu"), "'gpu' is not a backend here", "cpu");
        assertUsageError(run("notebook"), "Missing required option: '--out=<dir>'", "notebook --help");
        assertUsageError(run("bench", "--repeats", "-3"), "--repeats needs a positive whole number", "bench --help");
        assertUsageError(run("inspect", "--backend", "cpu"), "Unknown options: '--backend', 'cpu'", "inspect");
        // A repeated option is an error, not the last value silently.
        assertUsageError(run("evaluate", "--scale", "1", "--scale", "255"), "'--scale'", "should be specified only once");
        Run none = run();
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("Commands:").contains("evaluate").endsWith("error: no command given; see "
                + "'saliency4j --help'" + System.lineSeparator());
    }

    private static void assertUsageError(Run r, String... parts) {
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).as("one line").hasSize(1);
        assertThat(r.err()).startsWith("error: ").contains(parts);
    }

    @Test
    void everyCommandAnswersHelpWithItsOwnUsage() {
        for (String command : List.of("explain", "evaluate", "summary", "inspect", "notebook", "bench",
                "generate-completion")) {
            for (String flag : List.of("--help", "-h")) {
                Run r = run(command, flag);
                assertThat(r.status()).as(command + " " + flag).isZero();
                assertThat(r.out()).as(command + " " + flag).startsWith("Usage: saliency4j " + command);
                assertThat(r.err()).isEmpty();
            }
        }
        assertThat(run("--help").out()).contains("evaluate").contains("notebook").contains("Exit status");
        assertThat(run("evaluate", "--help").out()).contains("--scale").contains("p/127.5 - 1");
    }

    @Test
    void versionNamesTheBuildAndTheJava() {
        Run r = run("--version");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("saliency4j ").contains("Java " + System.getProperty("java.version"))
                .doesNotContain("unknown version");
    }

    @Test
    void completionIsABashScriptForEveryCommand() {
        Run r = run("generate-completion");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("complete -F").contains("evaluate").contains("--scale").contains("--backend");
    }

    @Test
    void inspectSaysWhatItCouldNotLoadAndWhy(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        Run ok = run("inspect", "--model", SharedFiles.require(SharedFiles.CNN5).toString());
        assertThat(ok.out()).contains("format:        HDF5").contains("keras version: 2.2.4-tf")
                .contains("Conv2D").contains("loads:         9 layers, 122570 parameters");
        Path text = java.nio.file.Files.writeString(dir.resolve("notes.h5"), "not a model");
        Run bad = run("inspect", "--model", text.toString());
        assertThat(bad.out()).contains("does not load: ").contains("not an HDF5 file");
    }

    @Test
    void notebookChecksItsDataAndOutputFolderBeforeItMakesOrComputesAnything(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path model = SharedFiles.require(SharedFiles.CNN5);
        // Ten records of the official test set: a whole number of records, but fewer than the notebook uses.
        byte[] records = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(
                SharedFiles.require(SharedFiles.CIFAR10_TEST)), 10 * Cifar10.RECORD_BYTES);
        Path shortData = java.nio.file.Files.write(dir.resolve("test_batch.bin"), records);
        Path out = dir.resolve("never-made");
        Run few = run("notebook", "--model", model.toString(), "--data", shortData.toString(), "--out", out.toString());
        assertThat(few.status()).isEqualTo(1);
        assertThat(few.err()).contains("holds 10 CIFAR-10 records; the notebook needs at least 18")
                .doesNotContain("Exception");
        assertThat(out).doesNotExist();
        // A folder that cannot be made fails at once, with the reason, and --verbose adds the cause's trace.
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        Run blocked = run("notebook", "--model", model.toString(), "--out", file.resolve("figures").toString(),
                "--verbose");
        assertThat(blocked.status()).isEqualTo(1);
        assertThat(blocked.err()).startsWith("error: " + file.resolve("figures") + ": cannot create this folder: ")
                .contains("at org.saliency4j.examples.OutputFolder.open");
        assertThat(blocked.err().lines().findFirst().orElseThrow()).doesNotContain("Exception");
        assertThat(blocked.out()).doesNotContain("figure");
    }

    @Test
    void aFolderOrADamagedDataFileIsNamedWithWhatIsWrong(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Run folder = run("summary", "--model", dir.toString());
        assertThat(folder.status()).isEqualTo(1);
        assertThat(folder.err()).isEqualTo("error: " + dir + ": a folder, not a model file" + System.lineSeparator());
        // MNIST's test images cut short, as an interrupted download leaves them: named, not "Unexpected end of ZLIB".
        Path mnist = SharedFiles.require(SharedFiles.MNIST);
        Path cut = java.nio.file.Files.createDirectory(dir.resolve("mnist"));
        byte[] images = java.nio.file.Files.readAllBytes(mnist.resolve(Mnist.IMAGES + ".gz"));
        for (int length : new int[] {5000, images.length / 2}) {
            java.nio.file.Files.write(cut.resolve(Mnist.IMAGES + ".gz"), java.util.Arrays.copyOf(images, length));
            java.nio.file.Files.copy(mnist.resolve(Mnist.LABELS + ".gz"), cut.resolve(Mnist.LABELS + ".gz"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Run r = run("evaluate", "--model", SharedFiles.require(SharedFiles.LENET).toString(), "--data",
                    cut.toString());
            assertThat(r.status()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: " + cut.resolve(Mnist.IMAGES + ".gz") + ": ").contains("damaged");
        }
    }
}
