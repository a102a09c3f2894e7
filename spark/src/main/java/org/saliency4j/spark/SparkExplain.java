package org.saliency4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-explain}: explains every image of a folder (or glob) on Spark and writes Parquet, or JSON lines,
 * with the columns {@code file}, {@code prediction}, {@code target}, {@code score}, {@code probability}, one per
 * method holding the map as nested arrays (as {@code explain}'s JSON), each asked metric of each method's maps
 * ({@code <method>_<metric>}), and {@code error}. Run it with
 * {@code spark-submit --class org.saliency4j.spark.SparkExplain saliency4j-spark-<version>-all.jar ...}, or with
 * Spark on the class path and {@code --master local[*]} on one machine.
 */
@Command(name = "spark-explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Explains every image of a folder or glob on Spark; writes Parquet or JSON lines.")
public final class SparkExplain implements Callable<Integer> {
    @Option(names = "--master", paramLabel = "<url>",
            description = "Spark's master, e.g. local[*] (default: what spark-submit gives)")
    private @Nullable String master;
    @Option(names = "--images", required = true, paramLabel = "<folder or glob>",
            description = "the images: a folder (read recursively) or a glob such as 'photos/*.png'")
    private String images = "";
    @Option(names = "--model", required = true, paramLabel = "<file>", description = "the Keras model file")
    private String model = "";
    @Option(names = "--scale", defaultValue = "1", paramLabel = "<preset>",
            description = "how pixels p become inputs: 1 (p/255, the default), 255, -1..1, affine:A,B, caffe, torch")
    private String scale = "1";
    @Option(names = "--methods", defaultValue = "gradient,grad-cam", paramLabel = "<m,...>",
            description = "attribution methods, comma-separated (default: ${DEFAULT-VALUE})")
    private String methods = "gradient,grad-cam";
    @Option(names = "--target", defaultValue = "top1", paramLabel = "<top1|index>",
            description = "the class to explain (default: ${DEFAULT-VALUE})")
    private String target = "top1";
    @Option(names = "--backend", defaultValue = "cpu", paramLabel = "<cpu|cuda|auto>",
            description = "the executors' backend (default: ${DEFAULT-VALUE})")
    private String backend = "cpu";
    @Option(names = "--batch", defaultValue = "64", paramLabel = "<n>",
            description = "images per batch on an executor (default: ${DEFAULT-VALUE})")
    private int batch = 64;
    @Option(names = "--fail-on-error", description = "fail on an unreadable image instead of an error column")
    private boolean failOnError;
    @Option(names = "--layer", paramLabel = "<name>", description = "the Grad-CAM layer (default: the last with a "
            + "spatial grid)")
    private @Nullable String layer;
    @Option(names = "--steps", paramLabel = "<n>", description = "Integrated Gradients' steps (default 50)")
    private @Nullable Integer steps;
    @Option(names = "--ig-rule", paramLabel = "<rule>", description = "gauss-legendre (the default) or trapezoid")
    private @Nullable String igRule;
    @Option(names = "--ig-tolerance", paramLabel = "<fraction>",
            description = "double Integrated Gradients' steps until its completeness delta is within this fraction")
    private @Nullable Double igTolerance;
    @Option(names = "--baseline", paramLabel = "<zero|blur:S>", description = "Integrated Gradients' baseline")
    private @Nullable String baseline;
    @Option(names = "--samples", paramLabel = "<n>", description = "SmoothGrad's samples (default 50)")
    private @Nullable Integer samples;
    @Option(names = "--noise", paramLabel = "<level>", description = "SmoothGrad's noise (default 0.15)")
    private @Nullable Double noise;
    @Option(names = "--window", paramLabel = "<n>", description = "occlusion's window side")
    private @Nullable Integer window;
    @Option(names = "--stride", paramLabel = "<n>", description = "occlusion's stride")
    private @Nullable Integer stride;
    @Option(names = "--metrics", defaultValue = "", paramLabel = "<m,...>",
            description = "faithfulness metrics per method, comma-separated, as assess names them: deletion, "
                    + "insertion, mufidelity, average-drop, increase-in-confidence, infidelity, max-sensitivity "
                    + "(default: none)")
    private String metrics = "";
    @Option(names = "--seed", defaultValue = "0", paramLabel = "<n>",
            description = "the seed of SmoothGrad's noise, RISE's masks and the seeded metrics (default: "
                    + "${DEFAULT-VALUE})")
    private long seed;
    @Option(names = "--format", defaultValue = "parquet", paramLabel = "<parquet|json>",
            description = "the output's format (default: ${DEFAULT-VALUE})")
    private String format = "parquet";
    @Option(names = "--out", required = true, paramLabel = "<folder>", description = "the output folder")
    private String out = "";
    @Option(names = "--force", description = "replace the output folder if it exists")
    private boolean force;

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * @param args the command line
     * @return the exit status: 0 done, 1 failed, 2 a command line that cannot be understood
     */
    public static int run(String... args) {
        CommandLine line = new CommandLine(new SparkExplain());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() {
        if (!format.equals("parquet") && !format.equals("json")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--format takes parquet or json, not '"
                    + format + "'");
        }
        if (!Files.isRegularFile(Path.of(model))) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--model " + model + ": no such file");
        }
        if (Files.exists(Path.of(out)) && !force) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--out " + out + " exists; give --force "
                    + "to replace it, or another folder");
        }
        List<String> metricNames;
        try {
            metricNames = Metrics.parse(metrics);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--metrics: " + e.getMessage(), e);
        }
        ExplainTransformer explain = new ExplainTransformer().setModelPath(model).setInputCol("content")
                .setScale(scale).setMethods(methods).setTarget(target).setBackend(backend).setBatchSize(batch)
                .setFailOnError(failOnError).setNestedMaps(true).setMetrics(metrics).setSeed(seed);
        // Only the settings given; the others keep the methods' defaults. (Inline: a method taking the transformer
        // would make picocli load Spark's classes, and --help fail where Spark is not on the class path.)
        Optional.ofNullable(layer).ifPresent(explain::setLayer);
        Optional.ofNullable(steps).ifPresent(explain::setSteps);
        Optional.ofNullable(igRule).ifPresent(explain::setIgRule);
        Optional.ofNullable(igTolerance).ifPresent(explain::setIgTolerance);
        Optional.ofNullable(baseline).ifPresent(explain::setBaseline);
        Optional.ofNullable(samples).ifPresent(explain::setSamples);
        Optional.ofNullable(noise).ifPresent(explain::setNoise);
        Optional.ofNullable(window).ifPresent(explain::setWindow);
        Optional.ofNullable(stride).ifPresent(explain::setStride);
        SparkSession.Builder builder = SparkSession.builder().appName("saliency4j spark-explain");
        if (master != null) {
            builder = builder.master(master);
        }
        SparkSession spark = builder.getOrCreate();
        try {
            Dataset<Row> files = spark.read().format("binaryFile").option("recursiveFileLookup",
                    Files.isDirectory(Path.of(images)) ? "true" : "false").load(images);
            Dataset<Row> explained = explain.transform(files);
            List<Column> columns = new ArrayList<>(List.of(functions.col("path").as("file"),
                    functions.col("prediction"), functions.col("target"), functions.col("score"),
                    functions.col("probability")));
            for (String m : methods.split(",", -1)) {
                columns.add(functions.col("`" + m.trim() + "`"));
                for (String metric : metricNames) {
                    columns.add(functions.col("`" + m.trim() + "_" + metric + "`"));
                }
            }
            columns.add(functions.col("error"));
            explained.select(columns.toArray(new Column[0])).write()
                    .mode(force ? SaveMode.Overwrite : SaveMode.ErrorIfExists).format(format).save(out);
        } finally {
            spark.stop();
        }
        return 0;
    }
}
