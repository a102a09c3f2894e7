package org.saliency4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.testing.CifarPngs;
import org.saliency4j.testing.SharedFiles;

/** The {@code spark-explain} command in local mode: its JSON lines, their columns and maps, and its refusals. */
class SparkExplainTest {
    @TempDir
    Path folder;

    @Test
    void writesOneLinePerImageWithTheMapsAsNestedArrays() throws IOException {
        Path images = folder.resolve("images");
        CifarPngs.write(images, 4);
        Path out = folder.resolve("out");
        int status = SparkExplain.run("--master", "local[2]", "--images", images.toString(), "--model",
                SharedFiles.require(SharedFiles.CNN5).toString(), "--methods", "gradient,grad-cam", "--format", "json",
                "--metrics", "deletion,average-drop", "--layer", "conv_1", "--out", out.toString());
        assertThat(status).isZero();
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            List<Row> rows = spark.read().json(out.toString()).orderBy("file").collectAsList();
            assertThat(rows).hasSize(4);
            Row first = rows.get(0);
            assertThat(first.<String>getAs("file")).endsWith("test-0.png");
            assertThat(first.schema().fieldNames()).contains("file", "prediction", "target", "score", "probability",
                    "gradient", "grad-cam", "gradient_deletion", "gradient_average-drop", "grad-cam_deletion",
                    "grad-cam_average-drop");
            assertThat(first.<Double>getAs("grad-cam_deletion")).isBetween(0.0, 1.0);
            assertThat(first.<Double>getAs("gradient_average-drop")).isBetween(0.0, 1.0);
            // The gradient is (32, 32, 3) nested: rows, then columns, then channels.
            List<Object> gradient = first.getList(first.fieldIndex("gradient"));
            assertThat(gradient).hasSize(32);
            assertThat(((scala.collection.Seq<?>) gradient.get(0)).size()).isEqualTo(32);
            assertThat(((scala.collection.Seq<?>) ((scala.collection.Seq<?>) gradient.get(0)).apply(0)).size())
                    .isEqualTo(3);
        } finally {
            spark.stop();
        }
    }

    /** The exit status and standard error of one run. */
    private record Run(int status, String err) {
    }

    private static Run runCapturingErrors(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int status = SparkExplain.run(args);
            return new Run(status, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void anExistingOutputFolderIsRefusedWithoutForce() throws IOException {
        Path out = Files.createDirectories(folder.resolve("taken"));
        Run r = runCapturingErrors("--images", folder.toString(), "--model",
                SharedFiles.require(SharedFiles.CNN5).toString(), "--out", out.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("exists; give --force");
    }

    @Test
    void anUnknownMetricIsAUsageErrorNamingTheMetrics() {
        Run r = runCapturingErrors("--images", folder.toString(), "--model",
                SharedFiles.require(SharedFiles.CNN5).toString(), "--metrics", "deletion,fidelity", "--out",
                folder.resolve("never").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--metrics: metric 'fidelity': the metrics are deletion, insertion, mufidelity");
        assertThat(folder.resolve("never")).doesNotExist();
    }

    @Test
    void aLayerTheModelLacksFailsBeforeTheJobNamingIt() {
        Run r = runCapturingErrors("--master", "local[1]", "--images", folder.toString(), "--model",
                SharedFiles.require(SharedFiles.CNN5).toString(), "--methods", "grad-cam", "--layer", "conv_9",
                "--out", folder.resolve("not-written").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("no layer named 'conv_9'");
        assertThat(folder.resolve("not-written")).doesNotExist();
    }
}
