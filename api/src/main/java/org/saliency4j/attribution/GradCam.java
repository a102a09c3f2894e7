package org.saliency4j.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Class activation maps from a convolutional layer's output A (h' x w' x K) and the score's gradient there,
 * g = dS/dA:
 * <ul>
 *   <li>{@code grad-cam} (Selvaraju et al. 2017): {@code ReLU(sum_k mean_ij(g_k) A_k)};</li>
 *   <li>{@code grad-cam++} (Chattopadhay et al. 2018): {@code ReLU(sum_k w_k A_k)} with
 *       {@code w_k = sum_ij a_ij ReLU(g_ij)}, {@code a_ij = g_ij^2 / (2 g_ij^2 + (sum_ab A_k,ab) g_ij^3)}, 0 where
 *       the denominator is 0;</li>
 *   <li>{@code guided-grad-cam}: guided backpropagation's dS/dx times the upsampled Grad-CAM map, channel by
 *       channel (Selvaraju et al. 2017).</li>
 * </ul>
 * The map is upsampled to the input's height and width bilinearly with half-pixel centres ({@link Upsample}):
 * (height, width), or the input's shape for guided Grad-CAM. The details give the layer ({@code layer}) and the map
 * at its resolution ({@code coarseMap}, a (h', w') tensor).
 *
 * <p>The layer defaults to the last one whose output has a spatial grid larger than 1 x 1; nested models' layers are
 * nodes of the one graph, so a backbone's last convolution is found as in a flat model.
 */
public final class GradCam implements AttributionMethod {
    /** Which map. */
    enum Variant {
        GRAD_CAM("grad-cam"), PLUS_PLUS("grad-cam++"), GUIDED("guided-grad-cam");

        private final String methodName;

        Variant(String methodName) {
            this.methodName = methodName;
        }
    }

    private final Variant variant;
    private final @Nullable String layerName;
    private final int internalBatch;

    private GradCam(Variant variant, @Nullable String layerName, int internalBatch) {
        this.variant = variant;
        this.layerName = layerName;
        this.internalBatch = Maps.checkedBatch(internalBatch);
    }

    static GradCam of(Variant variant) {
        return new GradCam(variant, null, 0);
    }

    /**
     * @param name the layer whose output is used ({@code "container/layer"} inside a nested model)
     * @return a changed copy
     */
    public GradCam withLayer(String name) {
        return new GradCam(variant, name, internalBatch);
    }

    /**
     * @param n images per pass through the model; 0 for the model's default
     * @return a changed copy
     */
    public GradCam withInternalBatch(int n) {
        return new GradCam(variant, layerName, n);
    }

    @Override
    public String name() {
        return variant.methodName;
    }

    /**
     * The layer a model's maps come from.
     *
     * @param model the model
     * @return the named layer, or the last with a spatial grid larger than 1 x 1
     * @throws IllegalArgumentException when the named layer has no spatial grid, or no layer has one
     */
    public Layer layerOf(Model model) {
        if (layerName != null) {
            Layer l = model.layer(layerName);
            if (!spatial(l)) {
                throw new IllegalArgumentException("layer " + l + " has output " + l.outputShape().toKerasString()
                        + ", no spatial grid larger than 1 x 1 for " + name() + "; choose a convolutional layer");
            }
            return l;
        }
        List<Layer> nodes = model.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (spatial(nodes.get(i)) && !nodes.get(i).isInput()) {
                return nodes.get(i);
            }
        }
        throw new IllegalArgumentException("model '" + model.name() + "' has no layer with a spatial grid larger "
                + "than 1 x 1 for " + name());
    }

    private static boolean spatial(Layer l) {
        Shape s = l.outputShape();
        return s.rank() == 3 && s.dim(0) * s.dim(1) > 1;
    }

    /** One pass with its backward pass per image, two for Guided Grad-CAM. */
    @Override
    public void announce(CompiledModel model, int images) {
        model.announceWork((variant == Variant.GUIDED ? 2L : 1L) * images);
    }

    @Override
    public List<Attribution> explain(CompiledModel model, Tensor images, Target target) {
        Model m = model.model();
        Layer layer = layerOf(m);
        Shape input = m.inputShape();
        Maps.imageInput(name(), input);
        int count = images.batchSize();
        double[] x = Scoring.values(m, images);
        int batch = Maps.batch(internalBatch, m);
        int[] classes = new int[count];
        double[] scores = new double[count];
        int per = input.size();
        Shape a = layer.outputShape();
        int h = a.dim(0);
        int w = a.dim(1);
        int k = a.dim(2);
        double[][] coarse = new double[count][];
        Scoring.gradients(model, count, (i, into, at) -> System.arraycopy(x, i * per, into, at, per),
                target, BackwardRule.STANDARD, layer, batch, (i, c, score, g, at, value, valueAt) -> {
                    classes[i] = c;
                    scores[i] = score;
                    coarse[i] = variant == Variant.PLUS_PLUS ? plusPlus(g, at, value, valueAt, h * w, k)
                            : gradCam(g, at, value, valueAt, h * w, k);
                });
        double[][] guided = new double[count][];
        if (variant == Variant.GUIDED) {
            Scoring.gradients(model, count, (i, into, at) -> System.arraycopy(x, i * per, into, at, per),
                    Target.classes(classes), BackwardRule.GUIDED, m.input(), batch,
                    (i, c, score, g, at, value, valueAt) -> {
                        guided[i] = new double[per];
                        System.arraycopy(g, at, guided[i], 0, per);
                    });
        }
        List<Attribution> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] up = Upsample.bilinear(coarse[i], h, w, input.dim(0), input.dim(1));
            Tensor map;
            if (variant == Variant.GUIDED) {
                int channels = input.dim(2);
                double[] product = new double[per];
                for (int e = 0; e < per; e++) {
                    product[e] = guided[i][e] * up[e / channels];
                }
                map = Tensor.ofDoubles(input, product);
            } else {
                map = Tensor.ofDoubles(Maps.pixelShape(input), up);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("layer", layer.name());
            details.put("coarseMap", Tensor.ofDoubles(Shape.of(h, w), coarse[i]));
            out.add(new Attribution(map, classes[i], scores[i], details));
        }
        return out;
    }

    /** ReLU(sum_k mean_ij(g_k) A_k) at the layer's resolution. */
    private static double[] gradCam(double[] g, int at, float[] a, int aAt, int pixels, int k) {
        double[] weights = new double[k];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < k; c++) {
                weights[c] += g[at + p * k + c];
            }
        }
        for (int c = 0; c < k; c++) {
            weights[c] /= pixels;
        }
        return combine(weights, a, aAt, pixels, k);
    }

    /** Grad-CAM++'s weights w_k = sum_ij a_ij ReLU(g_ij), then ReLU(sum_k w_k A_k). */
    private static double[] plusPlus(double[] g, int at, float[] a, int aAt, int pixels, int k) {
        double[] sums = new double[k];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < k; c++) {
                sums[c] += a[aAt + p * k + c];
            }
        }
        double[] weights = new double[k];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < k; c++) {
                double v = g[at + p * k + c];
                double denominator = 2 * v * v + sums[c] * v * v * v;
                double alpha = denominator == 0 ? 0 : v * v / denominator;
                weights[c] += alpha * Math.max(v, 0);
            }
        }
        return combine(weights, a, aAt, pixels, k);
    }

    private static double[] combine(double[] weights, float[] a, int aAt, int pixels, int k) {
        double[] map = new double[pixels];
        for (int p = 0; p < pixels; p++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += weights[c] * a[aAt + p * k + c];
            }
            map[p] = Math.max(s, 0);
        }
        return map;
    }

    @Override
    public Map<String, Object> settings() {
        return layerName == null ? Map.of("layer", "the last with a spatial grid") : Map.of("layer", layerName);
    }

    @Override
    public boolean signed() {
        return variant == Variant.GUIDED;
    }

    @Override
    public String toString() {
        return name() + (layerName != null ? " at layer " + layerName : "");
    }
}
