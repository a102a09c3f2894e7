package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.saliency4j.DataFormatException;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.testing.SharedFiles;

/**
 * Real models reproduce the test accuracies their authors printed (shared/models/zoo/MANIFEST.md, with its
 * corrections), through the evaluate command: the model, the data set and the input scaling each file needs.
 */
class ZooAccuracyTest {
    @TempDir
    Path dir;

    private static String lastLine(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        return lines.get(lines.size() - 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // model, data folder, scale, accuracy line; the printed figure in the comment
        "MNIST_LeNet60.h5, mnist, 1, accuracy 0.9922 (9922/10000)",                            // 99.22 %, 28x28 padded to 32x32
        "zoo/ikukang__mnist_cnn.h5, mnist, 1, accuracy 0.9908 (9908/10000)",                    // 0.9908000230789185
        "zoo/VKapitany__mnist_cnn.h5, mnist, 255, accuracy 0.9846 (9846/10000)",                // 0.9846, raw pixels
        "zoo/tonio73__MNIST_dense128.h5, mnist, 1, accuracy 0.9804 (9804/10000)",               // 98.04 %, no channel axis
        "zoo/APintos2-streamlit_mnist__best_model.keras, mnist, 1, accuracy 0.9910 (9910/10000)", // 0.9910, Windows zip
        "zoo/statick88-pyDayPiura2024__cifar10_model.keras, cifar-10-batches-bin, 1, accuracy 0.7079 (7079/10000)", // 70.79 %
    })
    void reproducesThePrintedAccuracy(String model, String data, String scale, String expected) {
        Path file = SharedFiles.require("models/" + model);
        Path folder = SharedFiles.require("data/" + data);
        assertThat(lastLine("evaluate", "--model", file.toString(), "--data", folder.toString(), "--scale", scale,
                "--backend", "cpu")).isEqualTo(expected);
    }

    @Test
    void theKeras313ArchivePredictsTheFirstFiveDigitsAsItsNotebook() {
        Path file = SharedFiles.require("models/zoo/AserSayyd2009__best_model.keras");
        Path folder = SharedFiles.require(SharedFiles.MNIST);
        // CNN_classification.ipynb predicts MNIST test images 0-4 as 7, 2, 1, 0, 4, all correct.
        assertThat(lastLine("evaluate", "--model", file.toString(), "--data", folder.toString(), "--limit", "5",
                "--backend", "cpu")).isEqualTo("accuracy 1.0000 (5/5)");
    }

    private Path idx(String name, int magic, int[] dims, byte[] body) throws IOException {
        Path p = dir.resolve(name + ".gz");
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(p)))) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(body);
        }
        return p;
    }

    @Test
    void readsGzippedIdxFilesAndFitsThemToTheModel() throws IOException {
        byte[] pixels = new byte[2 * 28 * 28];
        pixels[28 * 28 + 5] = (byte) 255;
        idx(Mnist.IMAGES, 2051, new int[] {2, 28, 28}, pixels);
        idx(Mnist.LABELS, 2049, new int[] {2}, new byte[] {7, 3});
        LabeledBytes d = Mnist.read(dir, Integer.MAX_VALUE);
        assertThat(d.labels()).containsExactly(7, 3);
        assertThat(d.batch(1, 1, PixelScaling.unit(), org.saliency4j.tensor.Shape.of(28, 28, 1)).get(0, 0, 5, 0)).isEqualTo(1f);
        // Padded by 2 on each side into 32x32, as MNIST_LeNet60 expects.
        assertThat(d.batch(1, 1, PixelScaling.unit(), org.saliency4j.tensor.Shape.of(32, 32, 1)).get(0, 2, 7, 0)).isEqualTo(1f);
        assertThat(d.batch(1, 1, PixelScaling.signed(), org.saliency4j.tensor.Shape.of(784)).get(0, 5)).isEqualTo(1f);
        assertThat(d.batch(1, 1, PixelScaling.signed(), org.saliency4j.tensor.Shape.of(784)).get(0, 0)).isEqualTo(-1f);
        assertThatThrownBy(() -> d.batch(0, 1, PixelScaling.unit(), org.saliency4j.tensor.Shape.of(10, 10, 3)))
                .hasMessageContaining("(28, 28, 1)").hasMessageContaining("(None, 10, 10, 3)");
    }

    @Test
    void aWrongMagicNumberIsRejected() throws IOException {
        idx(Mnist.IMAGES, 1234, new int[] {1, 28, 28}, new byte[784]);
        idx(Mnist.LABELS, 2049, new int[] {1}, new byte[] {1});
        assertThatThrownBy(() -> Mnist.read(dir, 10)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("magic number 1234");
    }

    @Test
    void badScalesAreUsageErrors() {
        assertThatThrownBy(() -> new Cli.ScalingConverter().convert("2")).hasMessageContaining("affine:A,B");
        assertThat(new Cli.ScalingConverter().convert("affine:0.5,1").apply(4, 0)).isEqualTo(3f);
    }
}
