package org.saliency4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.objective.Objectives;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.optim.GradientStep;
import org.saliency4j.optim.Optimization;
import org.saliency4j.optim.OptimizationResult;
import org.saliency4j.tensor.DoubleTensor;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * The computations of the notebook "CNN visualization of intermediate steps using saliency maps", as
 * {@code shared/reference/NOTEBOOK.md} states them: every number its figures show, without the drawing.
 */
final class Notebook {
    /** Class names as the notebook's figures print them. */
    static final List<String> CLASS_NAMES = List.of(
            "plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    /** The grey of the start images, 0.2 in every channel. */
    static final double GREY = 0.2;
    /** Part 1: epochs, learning rate and lambda of the class visualisations. */
    static final int PART1_EPOCHS = 100;
    static final double PART1_LEARNING_RATE = 0.05;
    static final double PART1_LAMBDA = 1e-3;
    /** Part 2: the test image multiplied by each class saliency (a plane). */
    static final int PART2_TEST_IMAGE = 3;
    /** Part 3: the test image (a horse), layers, learning rates and lambdas of the layer saliencies. */
    static final int PART3_TEST_IMAGE = 17;
    static final int[] PART3_LAYERS = {0, 2, 4, 7};
    static final double[] PART3_LEARNING_RATES = {0.05, 0.05, 0.01, 0.005};
    static final double[] PART3_LAMBDAS = {1, 5, 0.1, 1};
    static final List<String> PART3_TITLES = List.of("Conv layer #0", "Conv layer #1", "Conv layer #2", "Dense layer #0");
    /** Figure 6 shows the gradients of this part-3 run at every {@link #GRADIENT_EPOCH_STEP}-th epoch. */
    static final int GRADIENT_RUN = 2;
    static final int GRADIENT_EPOCH_STEP = 20;
    /** Parts 3 and 4: epochs of the gradient ascents. */
    static final int ASCENT_EPOCHS = 200;
    /** Part 4: layers, units, learning rates and lambda of the unit saliencies. */
    static final int[] PART4_LAYERS = {2, 2, 7, 7};
    static final int[] PART4_UNITS = {0, 4, 10, 60};
    static final double[] PART4_LEARNING_RATES = {0.05, 0.05, 0.01, 0.01};
    static final double PART4_LAMBDA = 1;
    static final List<String> PART4_TITLES = List.of(
            "Layer #1, Conv #0", "Layer #1, Conv #4", "Layer #4, Unit #10", "Layer #4, Unit #60");

    /**
     * Checks that a model has what the notebook's parts use, by Keras index as the notebook does: a 32 x 32 x 3
     * input, ten classes, layers 0, 2, 4 and 7, and the units of part 4 in layers 2 and 7.
     *
     * @param model the model
     * @throws IllegalArgumentException naming what it lacks
     */
    static void requireFits(Model model) {
        String lacks = null;
        if (!model.inputShape().equals(Shape.of(32, 32, 3))) {
            lacks = "takes " + model.inputShape().toKerasString() + ", not (None, 32, 32, 3)";
        } else if (model.output().outputShape().size() != CLASS_NAMES.size()) {
            lacks = "has " + model.output().outputShape().size() + " classes, not 10";
        } else if (model.layers().size() <= 7) {
            lacks = "has " + model.layers().size() + " layers; the notebook uses layers 0, 2, 4 and 7";
        } else {
            for (int i = 0; i < PART4_LAYERS.length && lacks == null; i++) {
                Layer layer = model.layer(PART4_LAYERS[i]);
                if (layer.outputShape().dim(-1) <= PART4_UNITS[i]) {
                    lacks = "has " + layer.outputShape().dim(-1) + " units in layer " + PART4_LAYERS[i] + " ("
                            + layer.name() + "); the notebook's part 4 uses unit " + PART4_UNITS[i];
                }
            }
        }
        if (lacks != null) {
            throw new IllegalArgumentException("the notebook reruns on a model shaped like its own "
                    + "(CIFAR-10_CNN5.h5); this one " + lacks);
        }
    }

    /** The epochs of all runs together (part 1 as two batches), for progress. */
    static final int EPOCHS = 2 * PART1_EPOCHS + (PART3_LAYERS.length + PART4_LAYERS.length) * ASCENT_EPOCHS;

    private Notebook() {
    }

    /** A class prediction: the arg-max class and its probability. */
    record Prediction(int classIndex, double probability) {
        String caption() {
            return String.format(java.util.Locale.ROOT, "predicted : %s %.2f%%", CLASS_NAMES.get(classIndex),
                    probability * 100);
        }
    }

    /** Part 1: one class visualisation. */
    record ClassRun(int classIndex, String objective, double[] objectiveHistory, double[] imageNorm,
                    DoubleTensor finalImage, Prediction prediction) {
    }

    /** Part 2: the test image times one class saliency. */
    record Product(int saliencyClass, DoubleTensor image, Prediction prediction) {
    }

    /**
     * What a layer or unit run of parts 3 and 4 maximised.
     *
     * @param title     the figure's title for it, e.g. {@code Layer #4, Unit #10}
     * @param layer     the layer's Keras index
     * @param layerName the layer's name
     * @param unit      the unit (channel) for part 4; empty for a whole layer (part 3)
     */
    record Subject(String title, int layer, String layerName, OptionalInt unit) {
    }

    /**
     * The notebook's "activation" of a subject on the start image and on the final one: an (h, w) map for a
     * convolutional layer, a (1, 1) map holding the single value for a dense one.
     */
    record Activations(double[][] onOrigin, double[][] onSaliency) {
        /** @return whether each is a single value (a dense layer) rather than a map */
        boolean single() {
            return onOrigin.length == 1 && onOrigin[0].length == 1;
        }
    }

    /**
     * Parts 3 and 4: one layer or unit saliency.
     *
     * @param subject          what was maximised
     * @param objective        the objective's formula
     * @param objectiveHistory its value at each epoch
     * @param imageNorm        the image's norm at each epoch
     * @param start            the start image
     * @param finalImage       the final image
     * @param activations      the subject's activation on both
     * @param gradients        the kept gradients (figure 6's run only)
     */
    record AscentRun(Subject subject, String objective, double[] objectiveHistory, double[] imageNorm,
                     DoubleTensor start, DoubleTensor finalImage, Activations activations,
                     List<DoubleTensor> gradients) {
    }

    /** Everything the figures show, with the wall time of each part in seconds. */
    record Results(List<ClassRun> part1, DoubleTensor part2Input, List<Product> part2, DoubleTensor part3Input,
                   List<AscentRun> part3, List<AscentRun> part4, double[] seconds) {
    }

    /**
     * Runs the four parts. Their runs are independent, so they are spread over the available cores (part 1 as
     * two batches of five classes); each run's numbers are exactly those of a run alone.
     *
     * @param epochDone told each epoch of each run as it ends (from the runs' threads)
     */
    static Results run(Model model, Backend backend, Cifar10.LabeledImages test, LongConsumer epochDone) {
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (CompiledModel full = backend.compile(model)) {
            DoubleTensor plane = test.exactImage(PART2_TEST_IMAGE);
            DoubleTensor horse = test.exactImage(PART3_TEST_IMAGE);
            DoubleTensor grey = DoubleTensor.filled(Shape.of(1, 32, 32, 3), GREY);
            Timed<List<ClassRun>> firstHalf = Timed.submit(pool, () -> classVisualisations(model, full, 0, 5, epochDone));
            Timed<List<ClassRun>> secondHalf = Timed.submit(pool, () -> classVisualisations(model, full, 5, 10, epochDone));
            List<Timed<AscentRun>> part3 = new ArrayList<>();
            for (int i = 0; i < PART3_LAYERS.length; i++) {
                int run = i;
                Layer layer = model.layer(PART3_LAYERS[i]);
                SaliencyObjective objective = Objectives.layerNorm(layer).minus(Objectives.l2(PART3_LAMBDAS[i]));
                part3.add(Timed.submit(pool, () -> ascent(backend, model, PART3_TITLES.get(run), PART3_LAYERS[run],
                        OptionalInt.empty(), objective, PART3_LEARNING_RATES[run], horse, run == GRADIENT_RUN,
                        epochDone)));
            }
            List<Timed<AscentRun>> part4 = new ArrayList<>();
            for (int i = 0; i < PART4_LAYERS.length; i++) {
                int run = i;
                Layer layer = model.layer(PART4_LAYERS[i]);
                SaliencyObjective objective = Objectives.unitNorm(layer, PART4_UNITS[i]).minus(Objectives.l2(PART4_LAMBDA));
                part4.add(Timed.submit(pool, () -> ascent(backend, model, PART4_TITLES.get(run), PART4_LAYERS[run],
                        OptionalInt.of(PART4_UNITS[run]), objective, PART4_LEARNING_RATES[run], grey, false,
                        epochDone)));
            }
            List<ClassRun> part1 = new ArrayList<>(firstHalf.get());
            part1.addAll(secondHalf.get());
            long start2 = System.nanoTime();
            List<Product> part2 = new ArrayList<>();
            for (ClassRun r : part1) {
                DoubleTensor p = multiply(r.finalImage(), plane);
                part2.add(new Product(r.classIndex(), p, predict(full, p)));
            }
            double[] seconds = {
                Timed.span(List.of(firstHalf, secondHalf)), (System.nanoTime() - start2) / 1e9, Timed.span(part3),
                Timed.span(part4),
            };
            return new Results(part1, plane, part2, horse, Timed.all(part3), Timed.all(part4), seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A task on the pool, with when it started and ended. */
    private static final class Timed<T> {
        private final Future<T> future;
        private volatile long started;
        private volatile long ended;

        private Timed(ExecutorService pool, Callable<T> task) {
            future = pool.submit(() -> {
                started = System.nanoTime();
                try {
                    return task.call();
                } finally {
                    ended = System.nanoTime();
                }
            });
        }

        long started() {
            return started;
        }

        long ended() {
            return ended;
        }

        static <T> Timed<T> submit(ExecutorService pool, Callable<T> task) {
            return new Timed<>(pool, task);
        }

        T get() {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /** Wall time from the first task's start to the last one's end, in seconds. */
        static double span(List<? extends Timed<?>> tasks) {
            tasks.forEach(Timed::get);
            long first = tasks.stream().mapToLong(Timed::started).min().orElse(0);
            long last = tasks.stream().mapToLong(Timed::ended).max().orElse(0);
            return (last - first) / 1e9;
        }

        static <T> List<T> all(List<Timed<T>> tasks) {
            return tasks.stream().map(Timed::get).toList();
        }
    }

    /**
     * Part 1 for classes {@code from} to {@code to - 1} as one batch: each image gets exactly the gradient it would
     * get alone, so this is the notebook's separate runs.
     */
    private static List<ClassRun> classVisualisations(Model model, CompiledModel full, int from, int to,
                                                      LongConsumer epochDone) {
        Layer output = model.output();
        List<SaliencyObjective> objectives = new ArrayList<>();
        for (int c = from; c < to; c++) {
            objectives.add(Objectives.crossEntropy(output, c).plus(Objectives.l2(PART1_LAMBDA)));
        }
        DoubleTensor start = DoubleTensor.filled(Shape.of(to - from, 32, 32, 3), GREY);
        OptimizationResult r = Optimization.minimize(new GradientStep(PART1_LEARNING_RATE), PART1_EPOCHS)
                .withListener(e -> epochDone.accept(1)).run(full, objectives, start);
        List<ClassRun> runs = new ArrayList<>();
        for (int i = 0; i < to - from; i++) {
            DoubleTensor image = r.finalImages().samples(i, 1);
            runs.add(new ClassRun(from + i, r.objectiveDescription(i), r.objective(i), r.imageNorm(i), image,
                    predict(full, image)));
        }
        return runs;
    }

    private static AscentRun ascent(Backend backend, Model model, String title, int layerIndex, OptionalInt unit,
                                    SaliencyObjective objective, double learningRate, DoubleTensor start,
                                    boolean keepGradients, LongConsumer epochDone) {
        Model partial = model.truncatedAt(layerIndex);
        Optimization ascent = Optimization.maximize(new GradientStep(learningRate), ASCENT_EPOCHS)
                .withListener(e -> epochDone.accept(1));
        if (keepGradients) {
            int[] epochs = new int[ASCENT_EPOCHS / GRADIENT_EPOCH_STEP];
            for (int i = 0; i < epochs.length; i++) {
                epochs[i] = i * GRADIENT_EPOCH_STEP;
            }
            ascent = ascent.withGradientsKeptAt(epochs);
        }
        try (CompiledModel compiled = backend.compile(partial)) {
            OptimizationResult r = ascent.run(compiled, objective, start);
            List<DoubleTensor> gradients = new ArrayList<>();
            for (int e : r.gradientEpochs()) {
                gradients.add(r.gradient(e).orElseThrow());
            }
            return new AscentRun(new Subject(title, layerIndex, partial.output().name(), unit),
                    r.objectiveDescription(0), r.objective(0), r.imageNorm(0), start, r.finalImages(),
                    new Activations(activation(compiled, start, unit), activation(compiled, r.finalImages(), unit)),
                    gradients);
        }
    }

    /**
     * The notebook's "activation": for a whole layer the mean over channels (a map) or over units (a value); for
     * one unit its map or value.
     */
    static double[][] activation(CompiledModel compiled, DoubleTensor image, OptionalInt unit) {
        Tensor a;
        try (ForwardPass pass = compiled.forward(image.toFloat())) {
            a = pass.output();
        }
        Shape s = a.shape().withoutBatch();
        float[] v = a.toArray();
        int c = s.dim(-1);
        if (s.rank() == 1) {
            double mean = 0;
            for (float f : v) {
                mean += f;
            }
            return new double[][] {{unit.isPresent() ? v[unit.getAsInt()] : mean / c}};
        }
        double[][] map = new double[s.dim(0)][s.dim(1)];
        for (int y = 0; y < s.dim(0); y++) {
            for (int x = 0; x < s.dim(1); x++) {
                int base = (y * s.dim(1) + x) * c;
                if (unit.isPresent()) {
                    map[y][x] = v[base + unit.getAsInt()];
                } else {
                    double sum = 0;
                    for (int k = 0; k < c; k++) {
                        sum += v[base + k];
                    }
                    map[y][x] = sum / c;
                }
            }
        }
        return map;
    }

    static Prediction predict(CompiledModel full, DoubleTensor image) {
        float[] p;
        try (ForwardPass pass = full.forward(image.toFloat())) {
            p = pass.output().toArray();
        }
        int best = EvaluateCommand.argmax(p, 0, p.length);
        return new Prediction(best, p[best]);
    }

    /** Elementwise product in double precision, as numpy multiplies the two float64 arrays. */
    static DoubleTensor multiply(DoubleTensor a, DoubleTensor b) {
        double[] x = a.toArray();
        double[] y = b.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] *= y[i];
        }
        return DoubleTensor.of(a.shape(), x);
    }
}
