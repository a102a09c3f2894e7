package org.saliency4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.image.Images;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.CifarPngs;
import org.saliency4j.testing.SharedFiles;

/**
 * The spark issue's measurement, not a test: gradient and Grad-CAM over CIFAR-10 test images written as PNG files,
 * with {@code local[1]} and {@code local[2]} (kernels on one thread per task), beside the same work in one JVM
 * without Spark on both cores (reading each file, batches of 64, the predictions' forward pass, as {@code explain}). Tagged {@code benchmark}, so {@code mvn verify} leaves it out; run it
 * with {@code -Dsaliency4j.excludedGroups=none -Dgroups=benchmark -Dtest=SparkScalingBenchmark
 * -Dsaliency4j.benchImages=10000 -Dsaliency4j.benchRounds=1}. Prints one line
 * per configuration: seconds, images per second, milliseconds per image.
 */
@Tag("benchmark")
class SparkScalingBenchmark {
    @TempDir
    Path folder;

    @Test
    void gradientAndGradCamOverTheTestSet() throws IOException {
        int n = Integer.getInteger("saliency4j.benchImages", 2000);
        Path images = folder.resolve("images");
        CifarPngs.write(images, n);
        Path model = SharedFiles.require(SharedFiles.CNN5);
        List<String> lines = new ArrayList<>();
        lines.add(oneJvm(images, model, n));
        // On Spark each task runs its kernels on one thread (saliency4j.threads=1, as docs/spark.md advises):
        // the task slots use the cores.
        System.setProperty("saliency4j.threads", "1");
        try {
            for (int round = 0; round < Integer.getInteger("saliency4j.benchRounds", 2); round++) {
                for (String master : new String[] {"local[1]", "local[2]"}) {
                    lines.add(spark(master, images, model, n));
                }
            }
        } finally {
            System.clearProperty("saliency4j.threads");
        }
        lines.add(oneJvm(images, model, n));
        lines.forEach(System.out::println);
    }

    private static String spark(String master, Path images, Path model, int n) {
        SparkSession spark = SparkSession.builder().master(master).config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            Dataset<Row> files = spark.read().format("binaryFile").load(images.toString())
                    .repartition(Math.max(2, n / 500));
            ExplainTransformer explain = new ExplainTransformer().setModelPath(model.toString())
                    .setInputCol("content").setMethods("gradient,grad-cam");
            // A first pass warms the JIT and loads the model; the second is timed.
            explain.transform(files).write().format("noop").mode("overwrite").save();
            long start = System.nanoTime();
            explain.transform(files).write().format("noop").mode("overwrite").save();
            return line("spark " + master, System.nanoTime() - start, n);
        } finally {
            spark.stop();
        }
    }

    private static String oneJvm(Path images, Path model, int n) throws IOException {
        Model m = KerasModels.load(model);
        List<AttributionMethod> methods = List.of(Attributions.resolvedFor(Attributions.gradient(), m),
                Attributions.resolvedFor(Attributions.gradCam(), m));
        List<Path> files;
        try (var s = Files.list(images)) {
            files = s.sorted().toList();
        }
        try (Backend cpu = new CpuBackendProvider().create(); CompiledModel compiled = cpu.compile(m)) {
            run(compiled, methods, files, m);
            long start = System.nanoTime();
            run(compiled, methods, files, m);
            return line("one JVM, no Spark", System.nanoTime() - start, n);
        }
    }

    private static void run(CompiledModel compiled, List<AttributionMethod> methods, List<Path> files, Model m)
            throws IOException {
        for (int from = 0; from < files.size(); from += 64) {
            List<Tensor> batch = new ArrayList<>();
            for (Path f : files.subList(from, Math.min(files.size(), from + 64))) {
                batch.add(Images.read(f, m.inputShape(), PixelScaling.unit(), Images.Fit.STRETCH));
            }
            Tensor x = Tensor.concatBatch(batch.toArray(new Tensor[0]));
            // explain runs the batch forward once for the predictions, then each method.
            try (var pass = compiled.forward(x)) {
                pass.preActivation(m.output()).toArray();
            }
            for (AttributionMethod method : methods) {
                method.explain(compiled, x, Target.top1());
            }
        }
    }

    private static String line(String what, long nanos, int n) {
        double s = nanos / 1e9;
        return String.format(Locale.ROOT, "%-20s %d images: %.2f s, %.0f images/s, %.3f ms per image", what, n, s,
                n / s, 1000 * s / n);
    }
}
