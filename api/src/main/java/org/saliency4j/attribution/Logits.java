package org.saliency4j.attribution;

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
