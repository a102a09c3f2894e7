package org.saliency4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;

/**
 * A sequential convolutional network evaluated entirely in double precision, forward and back to the input, written
 * straight from the layer definitions: the exact-arithmetic reference of the notebook's part 1. Every sum is of
 * exact float32 weights and double activations, so its results do not depend on summation order to within
 * 1e-15, unlike any float32 implementation.
 *
 * <p>It knows the layer kinds of the notebook's model and of plain Keras CNNs: Conv2D, MaxPooling2D (ties go to
 * the first maximum in row-major order, as TensorFlow's), Flatten, Dropout (identity at inference) and Dense,
 * with linear, relu or softmax activations. Anything else is refused with the layer's name.
 */
final class Float64Network {
    private final List<Layer> layers;

    /** @param model a sequential model of the supported layer kinds */
    Float64Network(Model model) {
        layers = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (l.isInput()) {
                continue;
            }
            boolean known = l.op() instanceof LayerOp.Conv2D || l.op() instanceof LayerOp.Dense
                    || l.op() instanceof LayerOp.Flatten || l.op() instanceof LayerOp.Dropout
                    || l.op() instanceof LayerOp.Pooling2D p && p.mode() == LayerOp.PoolMode.MAX;
            boolean activation = l.activation() == Activation.LINEAR || l.activation() == Activation.RELU
                    || l.activation() == Activation.SOFTMAX;
            if (!known || !activation || l.inbound().size() != 1) {
                throw new IllegalArgumentException("the float64 reference does not know layer " + l.name() + " ("
                        + l.kerasClass() + ", activation " + l.activation().kerasName() + ")");
            }
            layers.add(l);
        }
    }

    /** One forward pass of one image: every layer's input and pre-activation output. */
    record Pass(List<double[]> inputs, List<double[]> preActivations) {
        /** @return the last layer's values before its activation (the logits, for a softmax classifier) */
        double[] logits() {
            return preActivations.get(preActivations.size() - 1);
        }
    }

    /**
     * @param image one image, (h, w, c) row-major; not modified
     * @return the pass, for {@link #inputGradient}
     */
    Pass forward(double[] image) {
        List<double[]> inputs = new ArrayList<>();
        List<double[]> pre = new ArrayList<>();
        double[] x = image;
        for (Layer l : layers) {
            inputs.add(x);
            double[] z = op(l, x);
            pre.add(z);
            x = activate(l.activation(), z);
        }
        return new Pass(inputs, pre);
    }

    /** @return the softmax of the last layer's pre-activation values */
    static double[] softmax(double[] z) {
        return activate(Activation.SOFTMAX, z);
    }

    /**
     * Back-propagates a gradient given at the last layer's pre-activation values (the logits).
     *
     * @param pass   the forward pass
     * @param dLogits d(objective)/d(logits); not modified
     * @return d(objective)/d(image)
     */
    double[] inputGradient(Pass pass, double[] dLogits) {
        double[] g = dLogits.clone();
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer l = layers.get(i);
            if (i < layers.size() - 1) {
                g = activationBackward(l.activation(), pass.preActivations().get(i), g);
            }
            g = opBackward(l, pass.inputs().get(i), g);
        }
        return g;
    }

    private static double[] activate(Activation a, double[] z) {
        double[] y = z.clone();
        if (a == Activation.RELU) {
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.max(0, z[i]);
            }
        } else if (a == Activation.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.exp(z[i] - max);
                sum += y[i];
            }
            for (int i = 0; i < y.length; i++) {
                y[i] /= sum;
            }
        }
        return y;
    }

    private static double[] activationBackward(Activation a, double[] z, double[] g) {
        if (a == Activation.SOFTMAX) {
            throw new IllegalArgumentException("a softmax inside the network is not supported by the reference");
        }
        double[] d = g.clone();
        if (a == Activation.RELU) {
            for (int i = 0; i < d.length; i++) {
                d[i] = z[i] > 0 ? g[i] : 0;
            }
        }
        return d;
    }

    private static double[] op(Layer l, double[] x) {
        if (l.op() instanceof LayerOp.Conv2D c) {
            Geometry geo = new Geometry(l, c);
            float[] k = c.kernel().toArray();
            float[] b = c.bias() == null ? new float[geo.cout] : c.bias().toArray();
            double[] y = new double[geo.oh * geo.ow * geo.cout];
            for (int oy = 0; oy < geo.oh; oy++) {
                for (int ox = 0; ox < geo.ow; ox++) {
                    for (int co = 0; co < geo.cout; co++) {
                        double s = 0;
                        for (int ky = 0; ky < geo.kh; ky++) {
                            for (int kx = 0; kx < geo.kw; kx++) {
                                int iy = oy * c.strideH() + ky - geo.top;
                                int ix = ox * c.strideW() + kx - geo.left;
                                if (iy < 0 || iy >= geo.h || ix < 0 || ix >= geo.w) {
                                    continue;
                                }
                                for (int ci = 0; ci < geo.cin; ci++) {
                                    s += x[(iy * geo.w + ix) * geo.cin + ci]
                                            * k[((ky * geo.kw + kx) * geo.cin + ci) * geo.cout + co];
                                }
                            }
                        }
                        y[(oy * geo.ow + ox) * geo.cout + co] = s + b[co];
                    }
                }
            }
            return y;
        }
        if (l.op() instanceof LayerOp.Pooling2D p) {
            double[] y = new double[l.outputShape().size()];
            int[] arg = argmax(l, p, x);
            for (int o = 0; o < y.length; o++) {
                y[o] = x[arg[o]];
            }
            return y;
        }
        if (l.op() instanceof LayerOp.Dense d) {
            float[] k = d.kernel().toArray();
            int in = d.inUnits();
            int units = d.units();
            float[] b = d.bias() == null ? new float[units] : d.bias().toArray();
            double[] y = new double[units];
            for (int u = 0; u < units; u++) {
                double s = 0;
                for (int i = 0; i < in; i++) {
                    s += x[i] * k[i * units + u];
                }
                y[u] = s + b[u];
            }
            return y;
        }
        return x.clone(); // Flatten keeps (h, w, c) order; Dropout is the identity at inference
    }

    private static double[] opBackward(Layer l, double[] x, double[] g) {
        if (l.op() instanceof LayerOp.Conv2D c) {
            Geometry geo = new Geometry(l, c);
            float[] k = c.kernel().toArray();
            double[] dx = new double[x.length];
            for (int oy = 0; oy < geo.oh; oy++) {
                for (int ox = 0; ox < geo.ow; ox++) {
                    for (int ky = 0; ky < geo.kh; ky++) {
                        for (int kx = 0; kx < geo.kw; kx++) {
                            int iy = oy * c.strideH() + ky - geo.top;
                            int ix = ox * c.strideW() + kx - geo.left;
                            if (iy < 0 || iy >= geo.h || ix < 0 || ix >= geo.w) {
                                continue;
                            }
                            for (int ci = 0; ci < geo.cin; ci++) {
                                double s = 0;
                                for (int co = 0; co < geo.cout; co++) {
                                    s += g[(oy * geo.ow + ox) * geo.cout + co]
                                            * k[((ky * geo.kw + kx) * geo.cin + ci) * geo.cout + co];
                                }
                                dx[(iy * geo.w + ix) * geo.cin + ci] += s;
                            }
                        }
                    }
                }
            }
            return dx;
        }
        if (l.op() instanceof LayerOp.Pooling2D p) {
            double[] dx = new double[x.length];
            int[] arg = argmax(l, p, x);
            for (int o = 0; o < arg.length; o++) {
                dx[arg[o]] += g[o];
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
        return g.clone();
    }

    /** Each output's source index: the first maximum of its window in row-major order. */
    private static int[] argmax(Layer l, LayerOp.Pooling2D p, double[] x) {
        Shape in = l.inbound().get(0).outputShape();
        Shape out = l.outputShape();
        int w = in.dim(1);
        int c = in.dim(2);
        int top = p.padding().padBefore(in.dim(0), p.poolH(), p.strideH());
        int left = p.padding().padBefore(w, p.poolW(), p.strideW());
        int[] arg = new int[out.size()];
        for (int oy = 0; oy < out.dim(0); oy++) {
            for (int ox = 0; ox < out.dim(1); ox++) {
                for (int ch = 0; ch < c; ch++) {
                    int best = -1;
                    for (int py = 0; py < p.poolH(); py++) {
                        for (int px = 0; px < p.poolW(); px++) {
                            int iy = oy * p.strideH() + py - top;
                            int ix = ox * p.strideW() + px - left;
                            if (iy < 0 || iy >= in.dim(0) || ix < 0 || ix >= w) {
                                continue;
                            }
                            int i = (iy * w + ix) * c + ch;
                            if (best < 0 || x[i] > x[best]) {
                                best = i;
                            }
                        }
                    }
                    arg[(oy * out.dim(1) + ox) * c + ch] = best;
                }
            }
        }
        return arg;
    }

    /** A convolution's sizes and its padding before the first row and column. */
    private static final class Geometry {
        final int h;
        final int w;
        final int cin;
        final int kh;
        final int kw;
        final int cout;
        final int oh;
        final int ow;
        final int top;
        final int left;

        Geometry(Layer l, LayerOp.Conv2D c) {
            Shape in = l.inbound().get(0).outputShape();
            h = in.dim(0);
            w = in.dim(1);
            cin = c.inChannels();
            kh = c.kernelH();
            kw = c.kernelW();
            cout = c.filters();
            oh = l.outputShape().dim(0);
            ow = l.outputShape().dim(1);
            top = c.padding().padBefore(h, kh, c.strideH());
            left = c.padding().padBefore(w, kw, c.strideW());
        }
    }
}
