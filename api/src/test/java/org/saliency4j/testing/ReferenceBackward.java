package org.saliency4j.testing;

import java.util.List;
import java.util.Map;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;

/**
 * The input gradient in double precision, back through a {@link ReferenceForward} pass, written straight from the
 * layer definitions. Its sums are of exact float32 weights and double values, so its results do not depend on the
 * order of summation beyond 1e-15: the exact-arithmetic reference for whole optimisation runs (the notebook's
 * part 1), where float32 rounding decides max-pool near-ties.
 *
 * <p>It knows the layers of plain sequential CNNs, the notebook's among them: Conv2D, MaxPooling2D (a window's
 * gradient goes to its first maximum in row-major order, as TensorFlow's), Flatten, Dropout (the identity at
 * inference) and Dense, with linear or relu activations, and a softmax on the last layer, whose gradient the caller
 * gives at its logits. Anything else is refused with the layer's name.
 */
public final class ReferenceBackward {
    private ReferenceBackward() {
    }

    /**
     * Back-propagates a gradient given at the last layer's values before its activation (its logits).
     *
     * @param model   a sequential model of the layer kinds above
     * @param pass    {@link ReferenceForward#run} of that model on one image (batch 1)
     * @param dLogits d(objective)/d(last layer's pre-activation values); not modified
     * @return d(objective)/d(image)
     * @throws IllegalArgumentException for a layer this reference does not know
     */
    public static double[] inputGradient(Model model, Map<Layer, ReferenceForward.Values> pass, double[] dLogits) {
        return inputGradient(model, pass, dLogits, BackwardRule.STANDARD);
    }

    /**
     * Back-propagates a gradient given at the last layer's logits, going back through the relu activations by a
     * rule: standard {@code pre > 0 ? g : 0}, guided {@code pre > 0 && g > 0 ? g : 0}, deconvnet
     * {@code g > 0 ? g : 0} (the definitions of {@link BackwardRule}).
     *
     * @param model   a sequential model of the layer kinds above
     * @param pass    {@link ReferenceForward#run} of that model on one image (batch 1)
     * @param dLogits d(objective)/d(last layer's pre-activation values); not modified
     * @param rule    how to go back through relu activations
     * @return the input gradient under that rule
     * @throws IllegalArgumentException for a layer this reference does not know
     */
    public static double[] inputGradient(Model model, Map<Layer, ReferenceForward.Values> pass, double[] dLogits,
                                         BackwardRule rule) {
        double[] g = dLogits.clone();
        List<Layer> layers = model.layers();
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer l = layers.get(i);
            if (l.isInput()) {
                break;
            }
            check(l, i == layers.size() - 1);
            if (i < layers.size() - 1 && l.activation() == Activation.RELU) {
                double[] pre = pass.get(l).preActivation();
                for (int j = 0; j < g.length; j++) {
                    boolean passes = switch (rule) {
                        case STANDARD -> pre[j] > 0;
                        case GUIDED -> pre[j] > 0 && g[j] > 0;
                        case DECONVNET -> g[j] > 0;
                        // The standard gradient where it is not 0, else the positive part.
                        case REDIRECTED -> pre[j] > 0 || g[j] > 0;
                    };
                    g[j] = passes ? g[j] : 0;
                }
            }
            Layer in = l.inbound().get(0);
            g = opBackward(l, in.outputShape(), pass.get(in).output(), g);
        }
        return g;
    }

    private static void check(Layer l, boolean last) {
        LayerOp op = l.op();
        boolean known = op instanceof LayerOp.Conv2D || op instanceof LayerOp.Dense || op instanceof LayerOp.Flatten
                || op instanceof LayerOp.Dropout
                || op instanceof LayerOp.Pooling2D p && p.mode() == LayerOp.PoolMode.MAX;
        Activation a = l.activation();
        boolean activation = a == Activation.LINEAR || a == Activation.RELU || last && a == Activation.SOFTMAX;
        if (!known || !activation || l.inbound().size() != 1) {
            throw new IllegalArgumentException("the reference input gradient does not know layer " + l.name() + " ("
                    + l.kerasClass() + ", activation " + a.kerasName() + ")");
        }
    }

    private static double[] opBackward(Layer l, Shape in, double[] x, double[] g) {
        if (l.op() instanceof LayerOp.Conv2D c) {
            return convBackward(c, in, l.outputShape(), g);
        }
        if (l.op() instanceof LayerOp.Pooling2D p) {
            double[] dx = new double[x.length];
            Shape out = l.outputShape();
            int w = in.dim(1);
            int ch = in.dim(2);
            int top = p.padding().padBefore(in.dim(0), p.poolH(), p.strideH());
            int left = p.padding().padBefore(w, p.poolW(), p.strideW());
            for (int o = 0; o < g.length; o++) {
                int oy = o / ch / out.dim(1);
                int ox = o / ch % out.dim(1);
                int best = -1;
                for (int py = 0; py < p.poolH(); py++) {
                    for (int px = 0; px < p.poolW(); px++) {
                        int iy = oy * p.strideH() + py - top;
                        int ix = ox * p.strideW() + px - left;
                        int i = (iy * w + ix) * ch + o % ch;
                        if (iy >= 0 && iy < in.dim(0) && ix >= 0 && ix < w && (best < 0 || x[i] > x[best])) {
                            best = i;
                        }
                    }
                }
                dx[best] += g[o];
            }
            return dx;
        }
        if (l.op() instanceof LayerOp.Dense d) {
            float[] k = d.kernel().toArray();
            int units = d.units();
            double[] dx = new double[d.inUnits()];
            for (int i = 0; i < dx.length; i++) {
                double s = 0;
                for (int u = 0; u < units; u++) {
                    s += g[u] * k[i * units + u];
                }
                dx[i] = s;
            }
            return dx;
        }
        return g.clone(); // Flatten keeps (h, w, c) order; Dropout is the identity at inference
    }

    private static double[] convBackward(LayerOp.Conv2D c, Shape in, Shape out, double[] g) {
        int h = in.dim(0);
        int w = in.dim(1);
        int cin = c.inChannels();
        int cout = c.filters();
        int kw = c.kernelW();
        int top = c.padding().padBefore(h, c.kernelH(), c.strideH());
        int left = c.padding().padBefore(w, kw, c.strideW());
        float[] k = c.kernel().toArray();
        double[] dx = new double[h * w * cin];
        for (int oy = 0; oy < out.dim(0); oy++) {
            for (int ox = 0; ox < out.dim(1); ox++) {
                for (int ky = 0; ky < c.kernelH(); ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        int iy = oy * c.strideH() + ky - top;
                        int ix = ox * c.strideW() + kx - left;
                        if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                            continue;
                        }
                        for (int ci = 0; ci < cin; ci++) {
                            double s = 0;
                            for (int co = 0; co < cout; co++) {
                                s += g[(oy * out.dim(1) + ox) * cout + co] * k[((ky * kw + kx) * cin + ci) * cout + co];
                            }
                            dx[(iy * w + ix) * cin + ci] += s;
                        }
                    }
                }
            }
        }
        return dx;
    }
}
