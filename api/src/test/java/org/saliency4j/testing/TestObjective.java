package org.saliency4j.testing;

/**
 * A scalar function of one layer's activations (summed over the batch) with its exact gradient, in double
 * precision: what the gradient checks differentiate. Activations are row-major with channels (or units) on the
 * last axis.
 */
public interface TestObjective {
    /**
     * Evaluates the objective.
     *
     * @param a        the layer's output (or pre-activation, see {@link #atPreActivation()}); not modified
     * @param lastAxis the size of the last axis
     * @return the value
     */
    double value(double[] a, int lastAxis);

    /**
     * Its gradient with respect to the activation.
     *
     * @param a        the layer's output (or pre-activation); not modified
     * @param lastAxis the size of the last axis
     * @return d(value)/d(a)
     */
    double[] gradient(double[] a, int lastAxis);

    /** @return whether it reads the layer's value before the activation (the logits of a softmax) */
    default boolean atPreActivation() {
        return false;
    }

    /** @return the sum of all elements */
    static TestObjective sum() {
        return new TestObjective() {
            @Override
            public double value(double[] a, int lastAxis) {
                double s = 0;
                for (double v : a) {
                    s += v;
                }
                return s;
            }

            @Override
            public double[] gradient(double[] a, int lastAxis) {
                double[] g = new double[a.length];
                java.util.Arrays.fill(g, 1);
                return g;
            }

            @Override
            public String toString() {
                return "sum";
            }
        };
    }

    /** @return the Frobenius norm over all elements, {@code sqrt(sum a^2)} */
    static TestObjective frobeniusNorm() {
        return channelNorm(-1);
    }

    /**
     * The norm of one channel (the last axis): a conv layer's feature map, or one unit of a dense layer.
     *
     * @param channel the channel, or -1 for all elements
     * @return {@code sqrt(sum over the channel's elements of a^2)}
     */
    static TestObjective channelNorm(int channel) {
        return new TestObjective() {
            @Override
            public double value(double[] a, int lastAxis) {
                double s = 0;
                for (int i = 0; i < a.length; i++) {
                    if (channel < 0 || i % lastAxis == channel) {
                        s += a[i] * a[i];
                    }
                }
                return Math.sqrt(s);
            }

            @Override
            public double[] gradient(double[] a, int lastAxis) {
                double norm = value(a, lastAxis);
                double[] g = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    g[i] = (channel < 0 || i % lastAxis == channel) && norm > 0 ? a[i] / norm : 0;
                }
                return g;
            }

            @Override
            public String toString() {
                return channel < 0 ? "frobenius norm" : "norm of channel " + channel;
            }
        };
    }

    /**
     * Sparse categorical cross-entropy of one class, from the logits that feed a softmax:
     * {@code logsumexp(z) - z[label]} per sample, summed over the batch.
     *
     * @param label the target class
     * @return the objective, read at the pre-activation
     */
    static TestObjective crossEntropyFromLogits(int label) {
        return new TestObjective() {
            @Override
            public double value(double[] z, int k) {
                double total = 0;
                for (int r = 0; r < z.length; r += k) {
                    total += logSumExp(z, r, k) - z[r + label];
                }
                return total;
            }

            @Override
            public double[] gradient(double[] z, int k) {
                double[] g = new double[z.length];
                for (int r = 0; r < z.length; r += k) {
                    double lse = logSumExp(z, r, k);
                    for (int i = 0; i < k; i++) {
                        g[r + i] = Math.exp(z[r + i] - lse) - (i == label ? 1 : 0);
                    }
                }
                return g;
            }

            @Override
            public boolean atPreActivation() {
                return true;
            }

            @Override
            public String toString() {
                return "cross-entropy of class " + label + " from logits";
            }
        };
    }

    private static double logSumExp(double[] v, int from, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, v[from + i]);
        }
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += Math.exp(v[from + i] - max);
        }
        return max + Math.log(s);
    }
}
