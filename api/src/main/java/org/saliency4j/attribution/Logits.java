package org.saliency4j.attribution;

import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;

/**
 * What the attribution methods and the commands read from a model's logits (the values feeding its softmax).
 */
public final class Logits {
    private Logits() {
    }

    /**
     * The softmax probability of one class, in double precision, with the largest logit subtracted first so that
     * large logits do not overflow.
     *
     * @param logits  the logits of a batch, row-major; not modified
     * @param offset  where the image's logits start
     * @param classes the number of classes
     * @param c       the class
     * @return {@code exp(l_c) / sum_k exp(l_k)}
     */
    public static double probability(float[] logits, int offset, int classes, int c) {
        return softmax(logits, offset, classes, c);
    }

    /**
     * The probability of one class as the model gives it, from the logits, in double precision: a sigmoid output's
     * {@code 1 / (1 + exp(-l_c))} (a binary classifier's one unit, or a multi-label output), else the softmax over
     * the classes (a softmax output, or logits trained with {@code from_logits}). A single output without a sigmoid
     * (a regression, a critic) has no probability: NaN.
     *
     * @param output  the model's output layer
     * @param logits  the logits of a batch, row-major; not modified
     * @param offset  where the image's logits start
     * @param classes the number of classes
     * @param c       the class
     * @return the class's probability, or NaN where the model gives none
     */
    public static double probability(Layer output, float[] logits, int offset, int classes, int c) {
        if (output.activation() == Activation.SIGMOID) {
            return 1 / (1 + Math.exp(-(double) logits[offset + c]));
        }
        return classes > 1 ? softmax(logits, offset, classes, c) : Double.NaN;
    }

    /**
     * @param output the model's output layer
     * @return whether {@link #probability(Layer, float[], int, int, int)} gives a probability for it
     */
    public static boolean hasProbability(Layer output) {
        return output.activation() == Activation.SIGMOID || output.outputShape().size() > 1;
    }

    private static double softmax(float[] logits, int offset, int classes, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, logits[offset + k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(logits[offset + k] - max);
        }
        return Math.exp(logits[offset + c] - max) / sum;
    }
}
