package org.saliency4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.saliency4j.SaliencyException;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackendSelection;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: the model's accuracy on the CIFAR-10 or MNIST test set, per class and overall, as Keras'
 * {@code model.evaluate} reports it (prediction = the class of largest output). The last line is
 * {@code accuracy <fraction> (<correct>/<total>)}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Accuracy per class and overall on the CIFAR-10 or MNIST test set (recognised from the folder).")
final class EvaluateCommand implements Callable<Integer> {
    /** Images per forward pass. */
    static final int DEFAULT_BATCH = 200;
    /**
     * An accuracy below this many times chance (1 / classes) draws a warning that the pixel scaling may be wrong:
     * a model fed inputs on the wrong scale typically predicts one class for everything, which scores chance.
     */
    static final double NEAR_CHANCE = 1.5;

    @Mixin
    private Cli.ModelOption model = new Cli.ModelOption();
    @Option(names = "--architecture", paramLabel = "<file.json>",
            description = "the model's to_json() architecture, for a weights-only file saved by save_weights()")
    private @Nullable Path architecture;
    @Mixin
    private Cli.DataOption data = new Cli.DataOption();
    @Option(names = "--scale", paramLabel = "<preset>", defaultValue = "1", converter = Cli.ScalingConverter.class,
            description = {Cli.SCALE_HELP, Cli.SCALE_UNIT, Cli.SCALE_RAW, Cli.SCALE_SIGNED, Cli.SCALE_AFFINE,
                Cli.SCALE_CAFFE, Cli.SCALE_TORCH})
    private PixelScaling scale = PixelScaling.unit();
    @Option(names = "--limit", paramLabel = "<n>", description = "evaluate the first n test images only")
    private @Nullable Integer limit;
    @Option(names = "--batch", paramLabel = "<n>", defaultValue = "" + DEFAULT_BATCH,
            description = "images per forward pass (default: ${DEFAULT-VALUE})")
    private int batch = DEFAULT_BATCH;
    @Mixin
    private Cli.BackendOption backend = new Cli.BackendOption();
    @Mixin
    private Cli.QuietOption quiet = new Cli.QuietOption();
    @Spec
    private CommandSpec spec = CommandSpec.create();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int most = Cli.positive(spec, "--limit", limit == null ? Integer.MAX_VALUE : limit);
        int perPass = Cli.positive(spec, "--batch", batch);
        Path modelFile = model.file();
        LabeledBytes test = read(data.path(), most);
        if (!scale.fits(test.channels())) {
            throw Cli.usageError(spec, "--scale " + scale + " needs 3 colour channels; the " + test.name()
                    + " images have " + test.channels());
        }
        Model m = architecture == null ? KerasModels.load(modelFile) : KerasModels.load(modelFile, architecture);
        try {
            test.requireFits(m.inputShape());
            int classes = m.output().outputShape().size();
            if (classes != test.classNames().size()) {
                throw new ShapeMismatchException("the model has " + classes + " classes, the " + test.name()
                        + " test set " + test.classNames().size());
            }
        } catch (ShapeMismatchException e) {
            throw new ShapeMismatchException(e.getMessage() + "; give --data the test set the model was trained on "
                    + "(a CIFAR-10 or MNIST folder)", e);
        }
        BackendSelection selection = backend.select();
        quiet.backendLine(selection, err);
        int[] predicted;
        try (Backend b = selection.create(); CompiledModel compiled = b.compile(m);
             Progress progress = quiet.progress("evaluate", test.count(), "images", err)) {
            compiled.announceForwardWork(test.count());
            predicted = predict(compiled, test, scale, perPass, progress::advance);
        }
        double accuracy = report(test, predicted, out);
        double chance = 1.0 / test.classNames().size();
        if (accuracy < NEAR_CHANCE * chance) {
            err.printf(Locale.ROOT, "warning: accuracy %.4f is near chance (%.4f for %d classes): the model may expect "
                    + "another pixel scaling than --scale %s; try %s%n", accuracy, chance, test.classNames().size(),
                    scale.text(), String.join(" or ", Stream.of("1", "255", "-1..1")
                            .filter(o -> !o.equals(scale.text())).map(o -> "--scale " + o).toList()));
        }
        return 0;
    }

    /** CIFAR-10 (a binary batch file, or a folder with test_batch.bin) or MNIST (a folder with the idx files). */
    static LabeledBytes read(Path data, int limit) throws IOException {
        if (Files.isDirectory(data) && Mnist.recognises(data)) {
            return Mnist.read(data, limit);
        }
        Path batchFile = Files.isDirectory(data) ? data.resolve(Cifar10.TEST_BATCH) : data;
        if (!Files.isRegularFile(batchFile)) {
            throw new java.nio.file.NoSuchFileException(data.toString(), null, "neither a CIFAR-10 test batch "
                    + "(test_batch.bin) nor the MNIST test files (" + Mnist.IMAGES + ".gz, " + Mnist.LABELS + ".gz)");
        }
        Cifar10.LabeledImages c = Cifar10.read(batchFile, limit);
        return new LabeledBytes("CIFAR-10", Cifar10.CLASS_NAMES, c.labels(), c.pixels(), Cifar10.SIDE, Cifar10.SIDE,
                Cifar10.CHANNELS);
    }

    /**
     * Predicts every image, batches spread over the available cores.
     *
     * @param done told the number of images of each batch as it finishes
     */
    static int[] predict(CompiledModel compiled, LabeledBytes images, PixelScaling scale, int batch,
                         LongConsumer done) {
        int count = images.count();
        Shape input = compiled.model().inputShape();
        int[] predicted = new int[count];
        int threads = concurrentPasses(compiled.model(), batch, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int start = 0; start < count; start += batch) {
                int from = start;
                int n = Math.min(batch, count - start);
                parts.add(pool.submit(() -> {
                    Tensor out;
                    try (ForwardPass pass = compiled.forward(images.batch(from, n, scale, input))) {
                        out = pass.output();
                    }
                    int classes = out.shape().size() / n;
                    float[] p = out.toArray();
                    for (int i = 0; i < n; i++) {
                        predicted[from + i] = argmax(p, i * classes, classes);
                    }
                    done.accept(n);
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SaliencyException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof OutOfMemoryError) {
                throw new SaliencyException("evaluation ran out of memory; give a smaller --batch or a larger heap "
                        + "(SALIENCY4J_JAVA_OPTS=-Xmx4g)", e);
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new SaliencyException("evaluation failed: " + cause.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        return predicted;
    }

    /**
     * How many batches may be in flight at once: one per core, but no more than fit in 70 % of the heap still free,
     * counting each pass at three float copies of every layer's output (its value, its pre-activation and the
     * kernels' working space), so that memory is bounded by the heap, not multiplied by the core count. At least one.
     *
     * @param model   the model
     * @param batch   the images per pass
     * @param threads the cores available
     * @return the number of passes to run side by side
     */
    static int concurrentPasses(Model model, int batch, int threads) {
        long floats = 0;
        for (org.saliency4j.model.Layer l : model.nodes()) {
            floats += l.outputShape().size();
        }
        long perPass = 3L * Float.BYTES * floats * batch;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return (int) Math.max(1, Math.min(threads, (long) (0.7 * free) / Math.max(1, perPass)));
    }

    /** Index of the largest value; the first one on ties, as numpy's argmax. */
    static int argmax(float[] values, int from, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[from + i] > values[from + best]) {
                best = i;
            }
        }
        return best;
    }

    /** Prints the accuracy per class and overall; returns the overall accuracy. */
    private static double report(LabeledBytes data, int[] predicted, PrintWriter out) {
        int[] labels = data.labels();
        int classes = data.classNames().size();
        int[] total = new int[classes];
        int[] correct = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            total[labels[i]]++;
            if (predicted[i] == labels[i]) {
                correct[labels[i]]++;
            }
        }
        int all = 0;
        for (int c = 0; c < classes; c++) {
            all += correct[c];
            if (total[c] > 0) {
                out.printf(Locale.ROOT, "%-12s %.4f (%d/%d)%n", data.classNames().get(c),
                        correct[c] / (double) total[c], correct[c], total[c]);
            }
        }
        double accuracy = all / (double) labels.length;
        out.printf(Locale.ROOT, "accuracy %.4f (%d/%d)%n", accuracy, all, labels.length);
        return accuracy;
    }
}
