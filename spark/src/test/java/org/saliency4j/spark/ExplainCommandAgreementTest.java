package org.saliency4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.examples.Main;
import org.saliency4j.testing.CifarPngs;
import org.saliency4j.testing.SharedFiles;

/**
 * The transformer's maps against the {@code explain} command's own {@code explanations.json} for the same CIFAR-10
 * PNG files: every value equal to the bit, and the same target, score and probability.
 */
class ExplainCommandAgreementTest {
    @TempDir
    Path folder;

    @Test
    void mapsEqualTheExplainCommandsToTheBit() throws IOException {
        Path images = folder.resolve("images");
        CifarPngs.write(images, 5);
        Path model = SharedFiles.require(SharedFiles.CNN5);
        Path out = folder.resolve("explain");
        int status = Main.run(new String[] {"explain", "--model", model.toString(), "--image", images.toString(),
            "--methods", "gradient,grad-cam,smoothgrad", "--out", out.toString(), "--quiet"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        JsonNode json = new ObjectMapper().readTree(out.resolve("explanations.json").toFile());
        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Dataset<Row> files = spark.read().format("binaryFile").load(images.toString());
            List<Row> rows = new ArrayList<>(new ExplainTransformer().setModelPath(model.toString())
                    .setInputCol("content").setMethods("gradient,grad-cam,smoothgrad").setNestedMaps(true)
                    .transform(files).collectAsList());
            rows.sort(Comparator.comparing(r -> r.<String>getAs("path")));
            assertThat(rows).hasSize(5);
            for (JsonNode record : json.get("images")) {
                String file = Path.of(record.get("file").asText()).getFileName().toString();
                Row row = rows.stream().filter(r -> r.<String>getAs("path").endsWith("/" + file)).findFirst()
                        .orElseThrow();
                assertThat(row.<Integer>getAs("target")).isEqualTo(record.get("target").asInt());
                assertThat(row.<Double>getAs("score")).isEqualTo(record.get("score").asDouble());
                assertThat(row.<Double>getAs("probability")).isEqualTo(record.get("probability").asDouble());
                for (String method : List.of("gradient", "grad-cam", "smoothgrad")) {
                    List<Float> want = new ArrayList<>();
                    flatten(record.get("maps").get(method), want);
                    List<Float> got = new ArrayList<>();
                    flatten(row.get(row.fieldIndex(method)), got);
                    assertThat(got).as("%s of %s", method, file).hasSameSizeAs(want);
                    for (int k = 0; k < want.size(); k++) {
                        assertThat(Float.floatToIntBits(got.get(k))).as("%s of %s, value %d", method, file, k)
                                .isEqualTo(Float.floatToIntBits(want.get(k)));
                    }
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static void flatten(JsonNode node, List<Float> into) {
        if (node.isArray()) {
            node.forEach(n -> flatten(n, into));
        } else {
            into.add((float) node.asDouble());
        }
    }

    private static void flatten(Object value, List<Float> into) {
        if (value instanceof scala.collection.Seq<?> seq) {
            seq.foreach(v -> {
                flatten(v, into);
                return null;
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> flatten(v, into));
        } else {
            into.add((Float) value);
        }
    }
}
