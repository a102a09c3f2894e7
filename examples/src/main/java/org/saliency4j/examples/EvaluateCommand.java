package org.saliency4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.saliency4j.SaliencyException;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackendSelection;
import org.saliency4j.backend.Backends;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * {@code evaluate}: the model's accuracy on the CIFAR-10 test set, per class and overall, as Keras'
 * {@code model.evaluate} reports it (prediction = the class of largest output). The last line is
 * {@code accuracy <fraction> (<correct>/<total>)}.
 */
final class EvaluateCommand {
    /** Images per forward pass. */
    static final int DEFAULT_BATCH = 200;

    private EvaluateCommand() {
    }

    static void run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Options o = Options.parse(args, 1, Set.of("model", "data", "limit", "batch", "backend", "scale", "architecture"));
        int limit = o.integer("limit", Integer.MAX_VALUE);
        int batch = o.integer("batch", DEFAULT_BATCH);
        PixelScale scale = PixelScale.parse(o.get("scale", "1"));
        Path modelFile = Locations.model(o.get("model"));
        Path data = Locations.data(o.get("data"));
        LabeledBytes test = read(data, limit);
        String architecture = o.get("architecture");
        Model model = architecture == null ? KerasModels.load(modelFile) : KerasModels.load(modelFile, Path.of(architecture));
        BackendSelection selection = Backends.select(o.get("backend", Backends.AUTO), "the --backend option");
        err.println("backend " + selection.provider().name() + ": " + selection.reason());
        int[] predicted;
        try (Backend backend = selection.create(); CompiledModel compiled = backend.compile(model)) {
            predicted = predict(compiled, test, scale, batch);
        }
        report(test, predicted, out);
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

    /** Predicts every image, batches spread over the available cores. */
    static int[] predict(CompiledModel compiled, LabeledBytes images, PixelScale scale, int batch) {
        int count = images.count();
        Shape input = compiled.model().inputShape();
        int[] predicted = new int[count];
        int threads = Runtime.getRuntime().availableProcessors();
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
            throw new SaliencyException("evaluation failed: " + e.getCause(), e);
        } finally {
            pool.shutdownNow();
        }
        return predicted;
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

    private static void report(LabeledBytes data, int[] predicted, PrintStream out) {
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
        out.printf(Locale.ROOT, "accuracy %.4f (%d/%d)%n", all / (double) labels.length, all, labels.length);
    }
}
