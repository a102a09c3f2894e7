package org.saliency4j.vis;

import org.saliency4j.model.Layer;
import org.saliency4j.objective.Probe;
import org.saliency4j.optim.BatchTerm;

/**
 * Lucid's {@code diversity(layer)} penalty for a batch, so that several images of one objective show different
 * things: each image's Gram matrix of the layer's channels, G = A^T A over the positions, normalised to unit
 * Frobenius norm (G / sqrt(max(sum G^2, 1e-10)), as {@code tf.nn.l2_normalize}), and
 * D = (1/B) sum_i sum_{j != i} &lt;G_i, G_j&gt;. The run maximises its objectives minus {@code weight} times D.
 *
 * @param layer  the layer, channels on its last axis
 * @param weight the penalty's weight, positive
 */
public record Diversity(Layer layer, double weight) implements BatchTerm {
    /**
     * Checks the weight.
     *
     * @param layer  the layer
     * @param weight positive and finite
     */
    public Diversity {
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("a diversity weight must be positive and finite, not " + weight);
        }
    }

    @Override
    public Probe probe() {
        return Probe.output(layer);
    }

    @Override
    public double addGradient(float[] values, int batch, double[] gradient) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        double[] g = new double[v.length];
        double d = penalty(v, batch, layer.outputShape().dim(-1), g);
        for (int i = 0; i < g.length; i++) {
            gradient[i] -= weight * g[i];
        }
        return -weight * d;
    }

    /**
     * D and its gradient.
     *
     * @param values   the layer's values, batch first, (positions, channels) per image; not modified
     * @param batch    the number of images
     * @param channels the channels
     * @param into     dD/d(values) is added to it; modified
     * @return D
     */
    static double penalty(double[] values, int batch, int channels, double[] into) {
        int per = values.length / batch;
        int positions = per / channels;
        double[][] grams = new double[batch][];
        double[] norms = new double[batch];
        double[] sum = new double[channels * channels];
        for (int b = 0; b < batch; b++) {
            double[] g = new double[channels * channels];
            for (int p = 0; p < positions; p++) {
                int at = b * per + p * channels;
                for (int c = 0; c < channels; c++) {
                    double a = values[at + c];
                    for (int e = 0; e < channels; e++) {
                        g[c * channels + e] += a * values[at + e];
                    }
                }
            }
            double s = 0;
            for (double x : g) {
                s += x * x;
            }
            norms[b] = Math.sqrt(Math.max(s, 1e-10));
            for (int k = 0; k < g.length; k++) {
                g[k] /= norms[b];
                sum[k] += g[k];
            }
            grams[b] = g;
        }
        double d = 0;
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < sum.length; k++) {
                d += grams[b][k] * (sum[k] - grams[b][k]);
            }
        }
        d /= batch;
        for (int b = 0; b < batch; b++) {
            // dD/dGhat_b = (2/B)(S - Ghat_b); through the normalisation, (U - Ghat <Ghat, U>) / n; through
            // G = A^T A, dA = A (U + U^T), here 2 A U as U is symmetric.
            double[] u = new double[sum.length];
            double dot = 0;
            for (int k = 0; k < u.length; k++) {
                u[k] = 2.0 / batch * (sum[k] - grams[b][k]);
                dot += u[k] * grams[b][k];
            }
            boolean floored = norms[b] * norms[b] <= 1e-10;
            for (int k = 0; k < u.length; k++) {
                u[k] = (u[k] - (floored ? 0 : grams[b][k] * dot)) / norms[b];
            }
            for (int p = 0; p < positions; p++) {
                int at = b * per + p * channels;
                for (int e = 0; e < channels; e++) {
                    double s = 0;
                    for (int c = 0; c < channels; c++) {
                        s += values[at + c] * u[c * channels + e];
                    }
                    into[at + e] += 2 * s;
                }
            }
        }
        return d;
    }
}
