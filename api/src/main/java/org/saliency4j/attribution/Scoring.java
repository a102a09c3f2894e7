package org.saliency4j.attribution;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.backend.LayerValue;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * What every method runs: many inputs (an image's noisy copies, the points of an integration path, its occluded
 * copies) through the model in internal batches of a bounded size, each input made when its batch is, so that the
 * memory stays flat however many there are. Inputs are delivered in order, one at a time, so that what a method sums
 * over them is summed in the same order whatever the batch size: batched results equal per-image ones to the bit.
 */
public final class Scoring {
    /** The memory an internal batch's activations and gradients may take by default: 512 MiB. */
    static final long BATCH_BYTES = 512L << 20;
    /** The largest default internal batch. */
    static final int MAX_BATCH = 64;

    private Scoring() {
    }

    /** Makes input number {@code sample} in model-input form into {@code into} from {@code offset}. */
    @FunctionalInterface
    public interface Inputs {
        /**
         * @param sample the input's number
         * @param into   where to write it; modified
         * @param offset where it starts in {@code into}
         */
        void fill(int sample, double[] into, int offset);
    }

    /** Receives one input's target class, its score and its gradient at a layer's output, with that output's value. */
    @FunctionalInterface
    interface GradientSink {
        void accept(int sample, int target, double score, double[] gradient, int gradientOffset, float[] value,
                    int valueOffset);
    }

    /** Receives one input's score. */
    @FunctionalInterface
    public interface ScoreSink {
        /**
         * @param sample the input's number
         * @param score  its score
         */
        void accept(int sample, double score);
    }

    /**
     * The default internal batch of a model: as many samples as fit {@value #BATCH_BYTES} bytes of activations and
     * gradients (every node's output twice over, float32), at most {@value #MAX_BATCH}, at least 1.
     *
     * @param model the model
     * @return the batch size
     */
    public static int internalBatch(Model model) {
        long floats = 0;
        for (Layer l : model.nodes()) {
            floats += 2L * l.outputShape().size();
        }
        return (int) Math.max(1, Math.min(MAX_BATCH, BATCH_BYTES / Math.max(1, 4 * floats)));
    }

    /**
     * The images' values as doubles, checked against the model's input.
     *
     * @param model  the model
     * @param images a batch in model-input form; not modified
     * @return the values, batch first
     */
    public static double[] values(Model model, Tensor images) {
        Shape expected = model.inputShape().withBatch(images.batchSize());
        if (!images.shape().equals(expected)) {
            throw new ShapeMismatchException("images of shape " + images.shape() + " for model '" + model.name()
                    + "', whose input is " + model.inputShape().toKerasString());
        }
        float[] v = images.toArray();
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /**
     * The model's logits (the values before its output layer's activation) for each image.
     *
     * @param model  the compiled model
     * @param images the images' values, batch first; not modified
     * @param count  the number of images
     * @param batch  the internal batch
     * @return one array of logits per image
     */
    static float[][] logits(CompiledModel model, double[] images, int count, int batch) {
        int per = model.model().inputShape().size();
        int classes = model.model().output().outputShape().size();
        float[][] logits = new float[count][classes];
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            double[] x = new double[n * per];
            System.arraycopy(images, from * per, x, 0, x.length);
            float[] all = new float[n * classes];
            try (ForwardPass pass = model.forward(model.model().inputShape().withBatch(n), x)) {
                pass.copyValue(model.model().output(), LayerValue.PRE_ACTIVATION, all);
            }
            for (int i = 0; i < n; i++) {
                System.arraycopy(all, i * classes, logits[from + i], 0, classes);
            }
        }
        return logits;
    }

    /**
     * The class each image's target names, checked against the model's classes.
     *
     * @param target the target
     * @param logits each image's logits
     * @return one class per image
     * @throws IllegalArgumentException when a class is out of range
     */
    static int[] classes(Target target, float[][] logits) {
        int[] c = new int[logits.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = classOf(target, i, logits[i]);
        }
        return c;
    }

    /** The class {@code target} names for input {@code sample}, checked against the model's classes. */
    private static int classOf(Target target, int sample, float[] logits) {
        int c = target.classFor(sample, logits);
        if (c < 0 || c >= logits.length) {
            throw new IllegalArgumentException("the target names class " + c + " for image " + sample
                    + ", but the model has classes 0 to " + (logits.length - 1));
        }
        return c;
    }

    /**
     * Runs {@code count} inputs through the model and back from their target logit to a layer's output. The target
     * chooses each input's class from that input's own logits, in the same pass, so a method that explains the
     * images themselves needs no pass of its own to find their classes.
     *
     * @param model   the compiled model
     * @param count   the number of inputs
     * @param inputs  makes each input
     * @param target  the class whose logit is the score of each input (numbered by input)
     * @param rule    how the backward pass goes through ReLU activations
     * @param to      the layer at whose output the gradient is taken (the model's input for input gradients)
     * @param batch   the internal batch
     * @param sink    receives each input's score, gradient and the layer's value, in the inputs' order
     */
    static void gradients(CompiledModel model, int count, Inputs inputs, Target target, BackwardRule rule,
                          Layer to, int batch, GradientSink sink) {
        Model m = model.model();
        int per = m.inputShape().size();
        int classes = m.output().outputShape().size();
        int toSize = to.outputShape().size();
        model.announceWork(count);
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            double[] x = new double[n * per];
            for (int i = 0; i < n; i++) {
                inputs.fill(from + i, x, i * per);
            }
            double[] seed = new double[n * classes];
            float[] logits = new float[n * classes];
            double[] gradient = new double[n * toSize];
            float[] value = new float[n * toSize];
            int[] chosen = new int[n];
            try (ForwardPass pass = model.forward(m.inputShape().withBatch(n), x)) {
                pass.copyValue(m.output(), LayerValue.PRE_ACTIVATION, logits);
                for (int i = 0; i < n; i++) {
                    chosen[i] = classOf(target, from + i, Arrays.copyOfRange(logits, i * classes, (i + 1) * classes));
                    seed[i * classes + chosen[i]] = 1;
                }
                pass.addGradient(m.output(), LayerValue.PRE_ACTIVATION, seed, to, rule, gradient);
                pass.copyValue(to, LayerValue.OUTPUT, value);
            }
            for (int i = 0; i < n; i++) {
                sink.accept(from + i, chosen[i], logits[i * classes + chosen[i]], gradient, i * toSize, value,
                        i * toSize);
            }
        }
    }

    /**
     * Runs {@code count} inputs forward and gives each one's score: its target's logit, or with
     * {@code probability} its probability ({@link Logits#probability(Layer, float[], int, int, int)}: the softmax's,
     * or a sigmoid output's; computed in double from the logits).
     *
     * @param model       the compiled model
     * @param count       the number of inputs
     * @param inputs      makes each input
     * @param classOf     the class scored for each input
     * @param probability whether the score is the probability instead of the logit
     * @param batch       the internal batch
     * @param sink        receives each input's score, in order
     */
    public static void scores(CompiledModel model, int count, Inputs inputs, IntUnaryOperator classOf,
                              boolean probability, int batch, ScoreSink sink) {
        Model m = model.model();
        if (probability && !Logits.hasProbability(m.output())) {
            throw new IllegalArgumentException("the target's probability is not defined for a model whose output is "
                    + "one unit without a sigmoid (" + m.output().name() + ")");
        }
        int per = m.inputShape().size();
        int classes = m.output().outputShape().size();
        model.announceForwardWork(count);
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            double[] x = new double[n * per];
            for (int i = 0; i < n; i++) {
                inputs.fill(from + i, x, i * per);
            }
            float[] logits = new float[n * classes];
            try (ForwardPass pass = model.forward(m.inputShape().withBatch(n), x)) {
                pass.copyValue(m.output(), LayerValue.PRE_ACTIVATION, logits);
            }
            for (int i = 0; i < n; i++) {
                int c = classOf.applyAsInt(from + i);
                sink.accept(from + i, probability ? Logits.probability(m.output(), logits, i * classes, classes, c)
                        : logits[i * classes + c]);
            }
        }
    }
}
