package org.saliency4j.testing;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.saliency4j.UnsupportedLayerException;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;

/**
 * A forward pass in double precision written straight from the layer definitions, independent of every backend.
 * Finite differences taken on it are accurate to about 1e-10 with steps small enough ({@link GradientCheck#STEP})
 * never to cross a ReLU or max-pool kink at a random point, which float32 forward passes cannot offer.
 */
public final class ReferenceForward {
    private ReferenceForward() {
    }

    /** Values of one layer in double precision, before and after its activation. */
    public record Values(double[] preActivation, double[] output) {
    }

    /**
     * Runs the model.
     *
     * @param model the model
     * @param x     the input batch, row-major; not modified
     * @param batch the batch size
     * @return every node's values
     */
    public static Map<Layer, Values> run(Model model, double[] x, int batch) {
        Map<Layer, Values> values = new IdentityHashMap<>();
        for (Layer l : model.nodes()) {
            double[] pre = l.isInput() ? x.clone() : l.inbound().size() > 1 ? merge(l, values, batch)
                    : op(l, values.get(l.inbound().get(0)).output(), l.inbound().get(0).outputShape(), batch);
            values.put(l, new Values(pre, activate(l.activation(), pre, l.outputShape().dim(-1))));
        }
        return values;
    }

    private static double[] merge(Layer l, Map<Layer, Values> values, int batch) {
        List<double[]> ins = l.inbound().stream().map(i -> values.get(i).output()).toList();
        if (l.op() instanceof LayerOp.Concatenate c) {
            Shape first = l.inbound().get(0).outputShape();
            int rank = first.rank();
            int a = c.axis() < 0 ? rank + c.axis() : c.axis();
            int outer = batch;
            for (int i = 0; i < a; i++) {
                outer *= first.dim(i);
            }
            double[] y = new double[batch * l.outputShape().size()];
            int pos = 0;
            for (int r = 0; r < outer; r++) {
                for (int k = 0; k < ins.size(); k++) {
                    int block = ins.get(k).length / outer;
                    System.arraycopy(ins.get(k), r * block, y, pos, block);
                    pos += block;
                }
            }
            return y;
        }
        LayerOp.MergeKind kind = ((LayerOp.Merge) l.op()).kind();
        double[] y = ins.get(0).clone();
        for (int k = 1; k < ins.size(); k++) {
            for (int i = 0; i < y.length; i++) {
                double v = ins.get(k)[i];
                y[i] = switch (kind) {
                    case ADD, AVERAGE -> y[i] + v;
                    case SUBTRACT -> y[i] - v;
                    case MULTIPLY -> y[i] * v;
                    case MAXIMUM -> Math.max(y[i], v);
                    case MINIMUM -> Math.min(y[i], v);
                };
            }
        }
        if (kind == LayerOp.MergeKind.AVERAGE) {
            for (int i = 0; i < y.length; i++) {
                y[i] /= ins.size();
            }
        }
        return y;
    }

    private static double[] op(Layer l, double[] x, Shape in, int batch) {
        LayerOp op = l.op();
        Shape out = l.outputShape();
        if (op instanceof LayerOp.BatchNorm b) {
            float[] mean = b.movingMean().toArray();
            float[] var = b.movingVariance().toArray();
            int c = mean.length;
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                int ch = i % c;
                double gamma = b.gamma() == null ? 1 : b.gamma().toArray()[ch];
                double beta = b.beta() == null ? 0 : b.beta().toArray()[ch];
                y[i] = gamma * (x[i] - mean[ch]) / Math.sqrt(var[ch] + b.epsilon()) + beta;
            }
            return y;
        }
        if (op instanceof LayerOp.Affine a) {
            float[] sc = a.scale().toArray();
            float[] of = a.offset().toArray();
            int c = in.dim(-1);
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                int ch = i % c;
                y[i] = x[i] * sc[sc.length == 1 ? 0 : ch] + of[of.length == 1 ? 0 : ch];
            }
            return y;
        }
        if (op instanceof LayerOp.PRelu p) {
            double[] y = new double[x.length];
            Shape as = p.alpha().shape();
            float[] alpha = p.alpha().toArray();
            int per = in.size();
            for (int i = 0; i < x.length; i++) {
                int rest = i % per;
                int[] idx = new int[in.rank()];
                for (int d = in.rank() - 1; d >= 0; d--) {
                    idx[d] = as.dim(d) == 1 ? 0 : rest % in.dim(d);
                    rest /= in.dim(d);
                }
                y[i] = x[i] > 0 ? x[i] : alpha[as.offset(idx)] * x[i];
            }
            return y;
        }
        if (op instanceof LayerOp.Cropping2D || op instanceof LayerOp.UpSampling2D || op instanceof LayerOp.Permute) {
            int per = in.size();
            int outPer = out.size();
            double[] y = new double[batch * outPer];
            int[] o = new int[out.rank()];
            for (int e = 0; e < outPer; e++) {
                int rest = e;
                for (int d = out.rank() - 1; d >= 0; d--) {
                    o[d] = rest % out.dim(d);
                    rest /= out.dim(d);
                }
                int[] i = new int[in.rank()];
                if (op instanceof LayerOp.Cropping2D c) {
                    i[0] = o[0] + c.top();
                    i[1] = o[1] + c.left();
                    i[2] = o[2];
                } else if (op instanceof LayerOp.UpSampling2D u) {
                    i[0] = o[0] / u.rows();
                    i[1] = o[1] / u.cols();
                    i[2] = o[2];
                } else {
                    LayerOp.Permute p = (LayerOp.Permute) op;
                    for (int d = 0; d < o.length; d++) {
                        i[p.order().get(d)] = o[d];
                    }
                }
                for (int n = 0; n < batch; n++) {
                    y[n * outPer + e] = x[n * per + in.offset(i)];
                }
            }
            return y;
        }
        if (op instanceof LayerOp.ZeroPadding2D z) {
            double[] y = new double[batch * out.size()];
            int h = in.dim(0);
            int w = in.dim(1);
            int c = in.dim(2);
            for (int n = 0; n < batch; n++) {
                for (int r = 0; r < h; r++) {
                    for (int q = 0; q < w; q++) {
                        for (int ch = 0; ch < c; ch++) {
                            y[((n * out.dim(0) + r + z.top()) * out.dim(1) + q + z.left()) * c + ch] =
                                    x[((n * h + r) * w + q) * c + ch];
                        }
                    }
                }
            }
            return y;
        }
        if (op instanceof LayerOp.GlobalPooling2D g) {
            int positions = in.dim(0) * in.dim(1);
            int c = in.dim(2);
            double[] y = new double[batch * c];
            for (int n = 0; n < batch; n++) {
                for (int ch = 0; ch < c; ch++) {
                    double acc = g.mode() == LayerOp.PoolMode.MAX ? Double.NEGATIVE_INFINITY : 0;
                    for (int p = 0; p < positions; p++) {
                        double v = x[(n * positions + p) * c + ch];
                        acc = g.mode() == LayerOp.PoolMode.MAX ? Math.max(acc, v) : acc + v;
                    }
                    y[n * c + ch] = g.mode() == LayerOp.PoolMode.MAX ? acc : acc / positions;
                }
            }
            return y;
        }
        if (op instanceof LayerOp.DepthwiseConv2D d) {
            float[] k = d.kernel().toArray();
            Shape ks = d.kernel().shape();
            int mult = ks.dim(3);
            int cin = in.dim(2);
            float[] b = d.bias() == null ? new float[cin * mult] : d.bias().toArray();
            int top = d.padding().padBefore(in.dim(0), ks.dim(0), d.strideH());
            int left = d.padding().padBefore(in.dim(1), ks.dim(1), d.strideW());
            double[] y = new double[batch * out.size()];
            for (int n = 0; n < batch; n++) {
                for (int oy = 0; oy < out.dim(0); oy++) {
                    for (int ox = 0; ox < out.dim(1); ox++) {
                        for (int o = 0; o < cin * mult; o++) {
                            double acc = b[o];
                            for (int ky = 0; ky < ks.dim(0); ky++) {
                                for (int kx = 0; kx < ks.dim(1); kx++) {
                                    int iy = oy * d.strideH() + ky - top;
                                    int ix = ox * d.strideW() + kx - left;
                                    if (iy >= 0 && iy < in.dim(0) && ix >= 0 && ix < in.dim(1)) {
                                        acc += x[((n * in.dim(0) + iy) * in.dim(1) + ix) * cin + o / mult]
                                                * k[(ky * ks.dim(1) + kx) * cin * mult + o];
                                    }
                                }
                            }
                            y[((n * out.dim(0) + oy) * out.dim(1) + ox) * cin * mult + o] = acc;
                        }
                    }
                }
            }
            return y;
        }
        if (op instanceof LayerOp.Conv2D c) {
            return conv(c, x, in, out, batch);
        }
        if (op instanceof LayerOp.Pooling2D p) {
            return pool(p, x, in, out, batch);
        }
        if (op instanceof LayerOp.Dense d) {
            return dense(d, x);
        }
        if (op instanceof LayerOp.Relu r) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double v = x[i];
                y[i] = v >= r.maxValue() ? r.maxValue() : v >= r.threshold() ? v : r.negativeSlope() * (v - r.threshold());
            }
            return y;
        }
        if (op instanceof LayerOp.Flatten || op instanceof LayerOp.Dropout || op instanceof LayerOp.Identity
                || op instanceof LayerOp.Reshape || op instanceof LayerOp.Input) {
            return x.clone(); // the data is unchanged (row-major, channels last)
        }
        throw new UnsupportedLayerException("the reference forward has no rule for " + op.getClass().getSimpleName()
                + " (layer " + l.name() + ")");
    }

    private static double[] conv(LayerOp.Conv2D c, double[] x, Shape in, Shape out, int batch) {
        float[] k = c.kernel().toArray();
        float[] b = c.bias() == null ? new float[c.filters()] : c.bias().toArray();
        int h = in.dim(0);
        int w = in.dim(1);
        int ci = in.dim(2);
        int top = c.padding().padBefore(h, c.kernelH(), c.strideH());
        int left = c.padding().padBefore(w, c.kernelW(), c.strideW());
        double[] y = new double[batch * out.size()];
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < out.dim(0); oy++) {
                for (int ox = 0; ox < out.dim(1); ox++) {
                    for (int co = 0; co < c.filters(); co++) {
                        double s = b[co];
                        for (int ky = 0; ky < c.kernelH(); ky++) {
                            for (int kx = 0; kx < c.kernelW(); kx++) {
                                int iy = oy * c.strideH() + ky - top;
                                int ix = ox * c.strideW() + kx - left;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                    continue;
                                }
                                for (int i = 0; i < ci; i++) {
                                    s += x[((n * h + iy) * w + ix) * ci + i]
                                            * k[((ky * c.kernelW() + kx) * ci + i) * c.filters() + co];
                                }
                            }
                        }
                        y[((n * out.dim(0) + oy) * out.dim(1) + ox) * c.filters() + co] = s;
                    }
                }
            }
        }
        return y;
    }

    private static double[] pool(LayerOp.Pooling2D p, double[] x, Shape in, Shape out, int batch) {
        int h = in.dim(0);
        int w = in.dim(1);
        int ch = in.dim(2);
        int top = p.padding().padBefore(h, p.poolH(), p.strideH());
        int left = p.padding().padBefore(w, p.poolW(), p.strideW());
        double[] y = new double[batch * out.size()];
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < out.dim(0); oy++) {
                for (int ox = 0; ox < out.dim(1); ox++) {
                    for (int c = 0; c < ch; c++) {
                        double max = Double.NEGATIVE_INFINITY;
                        double sum = 0;
                        int count = 0;
                        for (int py = oy * p.strideH() - top; py < oy * p.strideH() - top + p.poolH(); py++) {
                            for (int px = ox * p.strideW() - left; px < ox * p.strideW() - left + p.poolW(); px++) {
                                if (py < 0 || py >= h || px < 0 || px >= w) {
                                    continue;
                                }
                                double v = x[((n * h + py) * w + px) * ch + c];
                                max = Math.max(max, v);
                                sum += v;
                                count++;
                            }
                        }
                        y[((n * out.dim(0) + oy) * out.dim(1) + ox) * ch + c] =
                                p.mode() == LayerOp.PoolMode.MAX ? max : sum / count;
                    }
                }
            }
        }
        return y;
    }

    private static double[] dense(LayerOp.Dense d, double[] x) {
        float[] k = d.kernel().toArray();
        float[] b = d.bias() == null ? new float[d.units()] : d.bias().toArray();
        int rows = x.length / d.inUnits();
        double[] y = new double[rows * d.units()];
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < d.units(); u++) {
                double s = b[u];
                for (int i = 0; i < d.inUnits(); i++) {
                    s += x[r * d.inUnits() + i] * k[i * d.units() + u];
                }
                y[r * d.units() + u] = s;
            }
        }
        return y;
    }

    private static double[] activate(Activation a, double[] x, int lastAxis) {
        double[] y = new double[x.length];
        if (a == Activation.SOFTMAX) {
            for (int r = 0; r < x.length; r += lastAxis) {
                double max = Double.NEGATIVE_INFINITY;
                for (int i = r; i < r + lastAxis; i++) {
                    max = Math.max(max, x[i]);
                }
                double sum = 0;
                for (int i = r; i < r + lastAxis; i++) {
                    sum += Math.exp(x[i] - max);
                }
                for (int i = r; i < r + lastAxis; i++) {
                    y[i] = Math.exp(x[i] - max) / sum;
                }
            }
            return y;
        }
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            y[i] = switch (a) {
                case LINEAR -> v;
                case RELU -> Math.max(v, 0);
                case SIGMOID -> 1 / (1 + Math.exp(-v));
                case TANH -> Math.tanh(v);
                case ELU -> v > 0 ? v : Math.expm1(v);
                case SELU -> Activation.SELU_SCALE * (v > 0 ? v : Activation.SELU_ALPHA * Math.expm1(v));
                case SOFTPLUS -> Math.log1p(Math.exp(v));
                case SWISH -> v / (1 + Math.exp(-v));
                case SOFTMAX -> throw new AssertionError("handled above");
            };
        }
        return y;
    }
}
