package org.saliency4j.objective;

import java.util.Arrays;
import java.util.Set;
import org.saliency4j.model.Layer;

/**
 * What feature visualisation maximises, as Lucid's objectives define them (lucid/optvis/objectives.py): a class's
 * logit, a channel's mean activation, one neuron at the centre of a channel, and a direction in a layer's channel
 * space. Each is linear in the layer's values, so its gradient is the same whatever the image; combine them through
 * the objective algebra ({@code plus}, {@code times}, {@code minus}).
 */
public final class FeatureObjectives {
    private FeatureObjectives() {
    }

    /**
     * A class's logit: the output layer's value before its activation (the softmax's input), which, unlike the
     * probability, does not saturate.
     *
     * @param output     the output layer
     * @param classIndex the class
     * @return the objective
     */
    public static SaliencyObjective classLogit(Layer output, int classIndex) {
        int classes = output.outputShape().size();
        if (classIndex < 0 || classIndex >= classes) {
            throw new IllegalArgumentException("class " + classIndex + " is outside 0.." + (classes - 1) + " of "
                    + output);
        }
        double[] weights = new double[classes];
        weights[classIndex] = 1;
        return new Linear(Probe.preActivation(output), weights, "logit(" + output.name() + ")[" + classIndex + "]");
    }

    /**
     * Lucid's {@code channel}: the mean over all positions of one channel of a layer's output.
     *
     * @param layer   the layer, whose last axis holds the channels
     * @param channel the channel
     * @return the objective
     */
    public static SaliencyObjective channel(Layer layer, int channel) {
        int channels = checkedChannel(layer, channel);
        int positions = layer.outputShape().size() / channels;
        double[] weights = new double[layer.outputShape().size()];
        for (int p = 0; p < positions; p++) {
            weights[p * channels + channel] = 1.0 / positions;
        }
        return new Linear(Probe.output(layer), weights, "mean(" + layer.name() + "[channel " + channel + "])");
    }

    /**
     * Lucid's {@code neuron}: one channel's value at the centre position, (height / 2, width / 2) rounded down.
     *
     * @param layer   a layer with a spatial output (height, width, channels)
     * @param channel the channel
     * @return the objective
     */
    public static SaliencyObjective neuron(Layer layer, int channel) {
        int channels = checkedChannel(layer, channel);
        if (layer.outputShape().rank() != 3) {
            throw new IllegalArgumentException("a neuron at the centre needs a spatial layer, and " + layer
                    + " has none");
        }
        int h = layer.outputShape().dim(0);
        int w = layer.outputShape().dim(1);
        double[] weights = new double[layer.outputShape().size()];
        weights[((h / 2) * w + w / 2) * channels + channel] = 1;
        return new Linear(Probe.output(layer), weights, layer.name() + "[" + h / 2 + ", " + w / 2 + ", channel "
                + channel + "]");
    }

    /**
     * Lucid's {@code direction}: the mean over all positions of the dot product of the layer's channel vector with
     * a direction.
     *
     * @param layer     the layer
     * @param direction one weight per channel; not modified
     * @return the objective
     */
    public static SaliencyObjective direction(Layer layer, double[] direction) {
        int channels = layer.outputShape().dim(-1);
        if (direction.length != channels) {
            throw new IllegalArgumentException("a direction for " + layer + " has " + channels + " values, not "
                    + direction.length);
        }
        int positions = layer.outputShape().size() / channels;
        double[] weights = new double[layer.outputShape().size()];
        for (int p = 0; p < positions; p++) {
            for (int k = 0; k < channels; k++) {
                weights[p * channels + k] = direction[k] / positions;
            }
        }
        return new Linear(Probe.output(layer), weights, "mean(" + layer.name() + " . " + Arrays.toString(direction)
                + ")");
    }

    private static int checkedChannel(Layer layer, int channel) {
        int channels = layer.outputShape().dim(-1);
        if (channel < 0 || channel >= channels) {
            throw new IllegalArgumentException("channel " + channel + " is outside 0.." + (channels - 1) + " of "
                    + layer);
        }
        return channels;
    }

    /** A fixed weighted sum of one probe's values, in double. */
    private static final class Linear implements SaliencyObjective {
        private final Probe probe;
        private final double[] weights;
        private final String formula;

        Linear(Probe probe, double[] weights, String formula) {
            this.probe = probe;
            this.weights = weights;
            this.formula = formula;
        }

        @Override
        public Set<Probe> probes() {
            return Set.of(probe);
        }

        @Override
        public double value(Evaluation e) {
            float[] a = e.values(probe);
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                if (weights[i] != 0) {
                    s += weights[i] * a[i];
                }
            }
            return s;
        }

        @Override
        public void addGradient(Evaluation e, double weight) {
            double[] g = e.gradient(probe);
            for (int i = 0; i < g.length; i++) {
                g[i] += weight * weights[i];
            }
        }

        @Override
        public String toString() {
            return formula;
        }
    }
}
