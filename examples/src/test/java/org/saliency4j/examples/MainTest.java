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
    void aMissingDataFolderSaysWhereItLooked() {
        Run r = run("evaluate", "--model", SharedFiles.require(SharedFiles.CNN5).toString(), "--data", "/nonexistent/cifar");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("/nonexistent/cifar").contains("data folder not found");
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(run("paint").status()).isEqualTo(2);
        Run r = run("evaluate", "--colour", "red");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown option --colour").contains("--model");
        assertThat(run("evaluate", "--limit", "zero").err()).contains("--limit needs a positive whole number");
        assertThat(run().status()).isEqualTo(2);
        assertThat(run("help").out()).contains("evaluate").contains("summary");
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
}
