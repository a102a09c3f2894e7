package org.saliency4j.objective;

import java.util.Locale;
import java.util.Set;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;

/**
 * The built-in objectives: those of the notebook (Simonyan et al. 2013 for class models, Erhan et al. 2009 for
 * layer and unit activation maximisation) and the image-norm regulariser.
 */
public final class Objectives {
    private Objectives() {
    }

    /**
     * Sparse categorical cross-entropy of one class, computed as Keras does inside a {@code tf.function}: from the
     * logits that feed the softmax ({@code logsumexp(z) - z[c]}), without clipping the probabilities, in float32.
     * Minimising it is the class-model visualisation of Simonyan et al. 2013, section 2.
     *
     * @param softmaxLayer a layer with a softmax activation and a rank-1 output
     * @param classIndex   the target class
     * @return the objective
     * @throws IllegalArgumentException when the layer has no softmax or the class is out of range
     */
    public static SaliencyObjective crossEntropy(Layer softmaxLayer, int classIndex) {
        if (softmaxLayer.activation() != Activation.SOFTMAX || softmaxLayer.outputShape().rank() != 1) {
            throw new IllegalArgumentException("cross-entropy from logits needs a layer with a softmax over a rank-1 "
                    + "output; " + softmaxLayer + " has activation " + softmaxLayer.activation().kerasName()
                    + " and output " + softmaxLayer.outputShape());
        }
        int classes = softmaxLayer.outputShape().dim(0);
        if (classIndex < 0 || classIndex >= classes) {
            throw new IllegalArgumentException("class " + classIndex + " is outside 0.." + (classes - 1)
                    + " of " + softmaxLayer);
        }
        return new CrossEntropy(Probe.preActivation(softmaxLayer), classIndex);
    }

    /**
     * The Frobenius norm of a layer's whole output, {@code ||A||} (as {@code tf.norm}); maximising it is the
     * layer saliency of the notebook (Erhan et al. 2009's activation maximisation, for a whole layer).
     *
     * @param layer the layer
     * @return the objective
     */
    public static SaliencyObjective layerNorm(Layer layer) {
        return new ChannelNorm(Probe.output(layer), -1);
    }

    /**
     * The norm of one unit of a layer: for a convolution the Frobenius norm of that channel's map, for a dense
     * layer the absolute value of that unit (Erhan et al. 2009). At a zero activation its gradient is taken as 0.
     *
     * @param layer the layer
     * @param unit  the channel or unit, on the last axis
     * @return the objective
     * @throws IllegalArgumentException when the unit is out of range
     */
    public static SaliencyObjective unitNorm(Layer layer, int unit) {
        int units = layer.outputShape().dim(-1);
        if (unit < 0 || unit >= units) {
            throw new IllegalArgumentException("unit " + unit + " is outside 0.." + (units - 1) + " of " + layer);
        }
        return new ChannelNorm(Probe.output(layer), unit);
    }

    /**
     * The Euclidean (Frobenius) norm of the image, {@code ||image||}, computed in double precision.
     *
     * @return the objective
     */
    public static SaliencyObjective imageNorm() {
        return ImageNorm.INSTANCE;
    }

    /**
     * The notebook's regulariser, {@code lambda * ||image||}.
     *
     * @param lambda the weight
     * @return the objective
     */
    public static SaliencyObjective l2(double lambda) {
        return imageNorm().times(lambda);
    }

    /** Formats a parameter for formulas: whole numbers without ".0", others as Java prints doubles. */
    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%d", (long) v) : Double.toString(v);
    }

    private static final class CrossEntropy implements SaliencyObjective {
        private final Probe logits;
        private final int target;

        CrossEntropy(Probe logits, int target) {
            this.logits = logits;
            this.target = target;
        }

        @Override
        public Set<Probe> probes() {
            return Set.of(logits);
        }

        /** TensorFlow's SparseSoftmaxCrossEntropyWithLogits, in float32: shifted logits, exp, sum. */
        @Override
        public double value(Evaluation e) {
            float[] z = e.values(logits);
            float max = max(z);
            return (float) Math.log(expSum(z, max)) - (z[target] - max);
        }

        @Override
        public void addGradient(Evaluation e, double weight) {
            float[] z = e.values(logits);
            float max = max(z);
            float sum = expSum(z, max);
            double[] g = e.gradient(logits);
            for (int i = 0; i < z.length; i++) {
                float softmax = (float) Math.exp(z[i] - max) / sum;
                g[i] += weight * (softmax - (i == target ? 1f : 0f));
            }
        }

        private static float max(float[] z) {
            float m = Float.NEGATIVE_INFINITY;
            for (float v : z) {
                m = Math.max(m, v);
            }
            return m;
        }

        private static float expSum(float[] z, float max) {
            float s = 0f;
            for (float v : z) {
                s += (float) Math.exp(v - max);
            }
            return s;
        }

        @Override
        public String toString() {
            return "crossEntropy(" + logits.layer().name() + " logits, class " + target + ")";
        }
    }

    private static final class ChannelNorm implements SaliencyObjective {
        private final Probe probe;
        private final int channel;

        ChannelNorm(Probe probe, int channel) {
            this.probe = probe;
            this.channel = channel;
        }

        @Override
        public Set<Probe> probes() {
            return Set.of(probe);
        }

        @Override
        public double value(Evaluation e) {
            float[] a = e.values(probe);
            int k = probe.layer().outputShape().dim(-1);
            double s = 0;
            for (int i = channel < 0 ? 0 : channel; i < a.length; i += channel < 0 ? 1 : k) {
                s += (double) a[i] * a[i];
            }
            return Math.sqrt(s);
        }

        @Override
        public void addGradient(Evaluation e, double weight) {
            double norm = value(e);
            if (norm == 0) {
                return; // the subgradient 0 at a dead layer or unit
            }
            float[] a = e.values(probe);
            double[] g = e.gradient(probe);
            int k = probe.layer().outputShape().dim(-1);
            for (int i = channel < 0 ? 0 : channel; i < a.length; i += channel < 0 ? 1 : k) {
                g[i] += weight * a[i] / norm;
            }
        }

        @Override
        public String toString() {
            return channel < 0 ? "||" + probe + "||" : "||" + probe + "[unit " + channel + "]||";
        }
    }

    private static final class ImageNorm implements SaliencyObjective {
        static final ImageNorm INSTANCE = new ImageNorm();

        @Override
        public Set<Probe> probes() {
            return Set.of();
        }

        @Override
        public double value(Evaluation e) {
            return e.imageNorm();
        }

        @Override
        public void addGradient(Evaluation e, double weight) {
            double norm = e.imageNorm();
            if (norm == 0) {
                return;
            }
            double[] x = e.image();
            double[] g = e.imageGradient();
            for (int i = 0; i < x.length; i++) {
                g[i] += weight * x[i] / norm;
            }
        }

        @Override
        public String toString() {
            return "||image||";
        }
    }
}
