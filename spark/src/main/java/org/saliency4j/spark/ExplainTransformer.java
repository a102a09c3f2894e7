package org.saliency4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.MethodOptions;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;

/**
 * A Spark ML {@link Transformer} that adds to a DataFrame of images the model's prediction and one attribution map
 * per method, as {@code saliency4j explain} computes them (the same maps, to the bit). Its parameters mirror
 * {@code explain}'s options. Input: a column of Spark's image data source, of encoded image files (the binaryFile
 * source's {@code content}), or of arrays already in model-input form. Added columns: {@code prediction} (top-1
 * class), {@code probability} (the target's probability, or null), {@code target}, {@code score} (the target's
 * logit), one column per method named as the method, one column {@code <method>_<metric>} per method and asked
 * faithfulness metric (as {@code assess} computes it, the seeded ones with {@code seed}), and {@code error}: null,
 * or why the row could not be read (its other added columns then null); with {@code failOnError} such a row fails
 * the job instead.
 *
 * <p>The model file is read once on the driver and broadcast; each executor JVM loads and compiles it once, keyed
 * by its SHA-256, and explains each partition in batches of {@code batchSize} rows.
 */
public final class ExplainTransformer extends MethodParams<ExplainTransformer> {
    private static final long serialVersionUID = 1L;
    /** The Keras model file, read by the driver. */
    private final Param<String> modelPath;
    /** The column of images. */
    private final Param<String> inputCol;
    /** The pixel scaling preset. */
    private final Param<String> scale;
    /** {@code top1} or a class index. */
    private final Param<String> target;
    /** The attribution methods, comma-separated. */
    private final Param<String> methods;
    /** The executors' backend. */
    private final Param<String> backend;
    /** Rows per batch on an executor. */
    private final IntParam batchSize;
    /** Whether an unreadable row fails the job. */
    private final BooleanParam failOnError;
    /** Whether maps are nested arrays. */
    private final BooleanParam nestedMaps;
    /** The faithfulness metrics per method. */
    private final Param<String> metrics;
    /** The seed of the methods and metrics that draw at random. */
    private final LongParam seed;

    /** A transformer with a random uid and the defaults. */
    public ExplainTransformer() {
        this(Identifiable$.MODULE$.randomUID("saliency4jExplain"));
    }

    /** @param uid the transformer's uid (Spark's copies keep it) */
    public ExplainTransformer(String uid) {
        super(uid);
        modelPath = new Param<>(this, "modelPath", "the Keras model file (.h5 or .keras), readable by the driver");
        inputCol = new Param<>(this, "inputCol", "the images: an image-source struct, encoded file bytes, or "
                + "numbers in model-input form");
        scale = new Param<>(this, "scale", "how 8-bit pixels become model inputs: 1, 255, -1..1, affine:A,B, caffe, "
                + "torch");
        target = new Param<>(this, "target", "the class to explain: top1 or a class index");
        methods = new Param<>(this, "methods", "attribution methods, comma-separated, as explain names them");
        backend = new Param<>(this, "backend", "cpu, cuda or auto (the best the executor has)");
        batchSize = new IntParam(this, "batchSize", "rows per batch on an executor");
        failOnError = new BooleanParam(this, "failOnError", "fail the job on a row that cannot be read, instead of "
                + "an error column");
        nestedMaps = new BooleanParam(this, "nestedMaps", "maps as nested arrays (height, width[, channels]) instead "
                + "of {shape, values}");
        setDefault(inputCol, "image");
        setDefault(scale, "1");
        setDefault(target, "top1");
        setDefault(methods, "gradient,grad-cam");
        setDefault(backend, "cpu");
        setDefault(batchSize, 64);
        setDefault(failOnError, false);
        metrics = new Param<>(this, "metrics", "faithfulness metrics per method, comma-separated: deletion, "
                + "insertion (the area under each curve), mufidelity, average-drop, increase-in-confidence, "
                + "infidelity, max-sensitivity (docs/trust.md); empty for none");
        seed = new LongParam(this, "seed", "the seed of SmoothGrad's noise, RISE's masks, MuFidelity's subsets and "
                + "infidelity's and max-sensitivity's perturbations, as explain's and assess's --seed");
        setDefault(nestedMaps, false);
        setDefault(metrics, "");
        setDefault(seed, 0L);
    }

    @Override
    protected ExplainTransformer self() {
        return this;
    }

    /** @return the model file parameter */
    public Param<String> modelPath() {
        return modelPath;
    }

    /** @return the input column parameter */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** @return the pixel scaling parameter */
    public Param<String> scale() {
        return scale;
    }

    /** @return the target parameter */
    public Param<String> target() {
        return target;
    }

    /** @return the methods parameter */
    public Param<String> methods() {
        return methods;
    }

    /** @return the backend parameter */
    public Param<String> backend() {
        return backend;
    }

    /** @return the batch size parameter */
    public IntParam batchSize() {
        return batchSize;
    }

    /** @return the parameter that makes an unreadable row fail the job */
    public BooleanParam failOnError() {
        return failOnError;
    }

    /** @return the parameter that makes maps nested arrays */
    public BooleanParam nestedMaps() {
        return nestedMaps;
    }

    /** @return the faithfulness metrics parameter */
    public Param<String> metrics() {
        return metrics;
    }

    /**
     * @param v the metrics, comma-separated (of deletion, insertion, mufidelity, average-drop,
     *          increase-in-confidence, infidelity, max-sensitivity), or empty
     * @return this
     */
    public ExplainTransformer setMetrics(String v) {
        set(metrics, v);
        return this;
    }

    /** @return the seed parameter of the methods and metrics that draw at random */
    public LongParam seed() {
        return seed;
    }

    /**
     * @param v the seed of SmoothGrad's noise, RISE's masks and the seeded metrics (default 0)
     * @return this
     */
    public ExplainTransformer setSeed(long v) {
        set(seed, v);
        return this;
    }

    /**
     * @param v the model file
     * @return this
     */
    public ExplainTransformer setModelPath(String v) {
        set(modelPath, v);
        return this;
    }

    /**
     * @param v the input column
     * @return this
     */
    public ExplainTransformer setInputCol(String v) {
        set(inputCol, v);
        return this;
    }

    /**
     * @param v the pixel scaling preset
     * @return this
     */
    public ExplainTransformer setScale(String v) {
        set(scale, v);
        return this;
    }

    /**
     * @param v {@code top1} or a class index
     * @return this
     */
    public ExplainTransformer setTarget(String v) {
        set(target, v);
        return this;
    }

    /**
     * @param v the methods, comma-separated
     * @return this
     */
    public ExplainTransformer setMethods(String v) {
        set(methods, v);
        return this;
    }

    /**
     * @param v {@code cpu}, {@code cuda} or {@code auto}
     * @return this
     */
    public ExplainTransformer setBackend(String v) {
        set(backend, v);
        return this;
    }

    /**
     * @param v rows per batch
     * @return this
     */
    public ExplainTransformer setBatchSize(int v) {
        set(batchSize, v);
        return this;
    }

    /**
     * @param v whether an unreadable row fails the job
     * @return this
     */
    public ExplainTransformer setFailOnError(boolean v) {
        set(failOnError, v);
        return this;
    }

    /**
     * @param v whether maps are nested arrays
     * @return this
     */
    public ExplainTransformer setNestedMaps(boolean v) {
        set(nestedMaps, v);
        return this;
    }

    private int batch() {
        return (Integer) getOrDefault(batchSize);
    }

    private boolean flag(BooleanParam p) {
        return (Boolean) getOrDefault(p);
    }

    private List<String> methodNames() {
        List<String> names = new ArrayList<>();
        for (String n : getOrDefault(methods).split(",", -1)) {
            names.add(n.trim());
        }
        return names;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, ranks(null));
    }

    private StructType outputSchema(StructType schema, List<Integer> ranks) {
        String column = getOrDefault(inputCol);
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("the DataFrame has no column '" + column + "'; its columns are "
                    + Arrays.toString(schema.fieldNames()) + "; set inputCol");
        }
        kind(schema.apply(column).dataType(), column);
        List<String> names = methodNames();
        for (String n : names) {
            Attributions.byName(n);
        }
        StructType out = schema.add("prediction", DataTypes.IntegerType, true)
                .add("probability", DataTypes.DoubleType, true)
                .add("target", DataTypes.IntegerType, true)
                .add("score", DataTypes.DoubleType, true);
        for (int i = 0; i < names.size(); i++) {
            out = out.add(names.get(i), ranks.isEmpty() ? Maps.FLAT : Maps.nestedType(ranks.get(i)), true);
        }
        List<String> metricNames = Metrics.parse(getOrDefault(metrics));
        for (String n : names) {
            for (String metric : metricNames) {
                out = out.add(n + "_" + metric, DataTypes.DoubleType, true);
            }
        }
        return out.add("error", DataTypes.StringType, true);
    }

    /**
     * Applies the methods' settings on the driver, so that a bad one (a layer the model lacks, a window larger than
     * its input, a rule or baseline that is none) fails before the job starts.
     */
    private void checkMethods(byte[] bytes, long seedValue) {
        MethodOptions options = methodSettings().options(seedValue);
        Model m = ModelCache.compiled(ModelCache.sha256(bytes), bytes, "cpu").model();
        for (String n : methodNames()) {
            Attributions.resolvedFor(options.applyTo(Attributions.byName(n)), m);
        }
    }

    /** Per method, its maps' rank, from one map of a zero image on the driver; empty for {shape, values}. */
    private List<Integer> ranks(byte @org.jspecify.annotations.Nullable [] bytes) {
        if (!flag(nestedMaps)) {
            return List.of();
        }
        byte[] model = bytes != null ? bytes : read();
        CompiledModel compiled = ModelCache.compiled(ModelCache.sha256(model), model, "cpu");
        Model m = compiled.model();
        Tensor zero = Tensor.filled(m.inputShape().withBatch(1), 0f);
        List<Integer> ranks = new ArrayList<>();
        for (String n : methodNames()) {
            AttributionMethod method = Attributions.resolvedFor(
                    methodSettings().options((Long) getOrDefault(seed)).applyTo(Attributions.byName(n)), m);
            ranks.add(method.explain(compiled, zero, Target.classIndex(0)).get(0).map().shape().rank());
        }
        return ranks;
    }

    private static Settings.InputKind kind(DataType type, String column) {
        if (type instanceof BinaryType) {
            return Settings.InputKind.BINARY;
        }
        if (type instanceof StructType s && Arrays.asList(s.fieldNames()).containsAll(
                List.of("height", "width", "nChannels", "data"))) {
            return Settings.InputKind.IMAGE;
        }
        if (type instanceof ArrayType a && a.elementType() instanceof NumericType) {
            return Settings.InputKind.ARRAY;
        }
        throw new IllegalArgumentException("column '" + column + "' holds " + type.simpleString() + "; give images "
                + "(the image source's struct), encoded image files (binary), or arrays of numbers in model-input form");
    }

    private byte[] read() {
        if (!isDefined(modelPath)) {
            throw new IllegalArgumentException("no model: set modelPath to a Keras .h5 or .keras file");
        }
        Path file = Path.of(getOrDefault(modelPath));
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": the model file cannot be read (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        byte[] bytes = read();
        StructType in = dataset.schema();
        List<Integer> ranks = ranks(bytes);
        StructType out = outputSchema(in, ranks);
        String column = getOrDefault(inputCol);
        PixelScaling.parse(getOrDefault(scale));
        String t = getOrDefault(target).trim();
        if (!t.equals("top1") && !t.matches("\\d+")) {
            throw new IllegalArgumentException("target '" + t + "': give top1 or a class index");
        }
        if (batch() < 1) {
            throw new IllegalArgumentException("batchSize must be 1 or more, not " + batch());
        }
        List<String> fields = Arrays.asList(in.fieldNames());
        Settings.InputKind kind = kind(in.apply(column).dataType(), column);
        int name = fields.contains("path") ? fields.indexOf("path")
                : kind == Settings.InputKind.IMAGE ? fields.indexOf(column) : -1;
        long seedValue = (Long) getOrDefault(seed);
        checkMethods(bytes, seedValue);
        Settings settings = new Settings(ModelCache.sha256(bytes), getOrDefault(backend), getOrDefault(scale), t,
                methodNames(), fields.indexOf(column), kind, name, batch(), flag(failOnError), ranks,
                Metrics.parse(getOrDefault(metrics)), seedValue, methodSettings());
        Broadcast<byte[]> model = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext())
                .broadcast(bytes);
        return dataset.toDF().mapPartitions(new Explainer(settings, model), Encoders.row(out));
    }

    @Override
    public ExplainTransformer copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
