package org.saliency4j.keras;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Turns Keras layer configurations and their stored weights into graph layers: one table maps each supported Keras
 * class to its parser ({@link #PARSERS}), and the supported list that {@code inspect} and the error messages show is
 * that table's keys. Adding a layer kind is one {@link LayerOp} record, one entry here and its kernels.
 */
final class KerasLayers {
    /** What a parser reads from and adds to: the builder, the layer's configuration, inputs and weights. */
    record Site(Model.Builder builder, LayerConfig c, List<Layer> inputs, WeightSource weights,
                        String prefix) {
        Layer inbound() {
            return inputs.get(0);
        }

        /** Adds the layer under its own name; {@code weighted} when the parser has read its weights. */
        Layer add(LayerOp op, Activation activation, boolean weighted) {
            if (!weighted) {
                weights.weightsOf(c, 0);
            }
            return builder.add(prefix + c.name(), c.className(), op, activation, inputs.toArray(new Layer[0]));
        }

        /** Adds a layer without weights or activation. */
        Layer add(LayerOp op) {
            return add(op, Activation.LINEAR, false);
        }
    }

    /** Makes the graph nodes of one Keras layer. */
    @FunctionalInterface
    interface Parser {
        Layer parse(Site s);
    }

    /** Every Keras class the importer turns into layers, with its parser, in the order the list shows them. */
    private static final Map<String, Parser> PARSERS = parsers();

    /** The Keras layer classes that can be imported, for {@code inspect} and messages: the table's, with the input
     *  layer and the containers, which the graph reader handles. */
    static final List<String> SUPPORTED = supported();

    /** A stored weight array with the name it has in the file. */
    record Weight(String name, Tensor value) {
    }

    /** Reads the weights the file stores for a layer, in the order of its {@code weight_names}. */
    interface WeightSource {
        List<Weight> weightsOf(LayerConfig layer, int expected);
    }

    private KerasLayers() {
    }

    private static Map<String, Parser> parsers() {
        Map<String, Parser> m = new java.util.LinkedHashMap<>();
        on(m, KerasConvolutions::conv2d, "Conv2D", "Convolution2D");
        on(m, KerasConvolutions::depthwise, "DepthwiseConv2D", "SeparableConv2D");
        on(m, KerasLayers::pooling, "MaxPooling2D", "MaxPool2D", "AveragePooling2D", "AvgPool2D");
        on(m, KerasLayers::globalPooling, "GlobalAveragePooling2D", "GlobalMaxPooling2D");
        on(m, s -> {
            channelsLast(s.c());
            int[] p = fourSides(s.c(), "padding");
            return s.add(new LayerOp.ZeroPadding2D(p[0], p[1], p[2], p[3]));
        }, "ZeroPadding2D");
        on(m, KerasLayers::dense, "Dense");
        on(m, s -> {
            if (s.inbound().outputShape().rank() > 1) {
                channelsLast(s.c());
            }
            return s.add(new LayerOp.Flatten());
        }, "Flatten");
        on(m, s -> s.add(new LayerOp.Reshape(reshape(s.c(), s.inbound()))), "Reshape");
        on(m, s -> s.add(new LayerOp.Dropout(s.c().number("rate", 0))), "Dropout");
        on(m, s -> s.add(new LayerOp.Identity(), activation(s.c()), false), "Activation");
        on(m, s -> s.add(new LayerOp.Relu(s.c().number("max_value", Double.POSITIVE_INFINITY),
                s.c().number("negative_slope", 0), s.c().number("threshold", 0))), "ReLU");
        on(m, s -> s.add(new LayerOp.Relu(Double.POSITIVE_INFINITY, s.c().has("negative_slope")
                ? s.c().number("negative_slope", 0.3) : s.c().number("alpha", 0.3), 0)), "LeakyReLU");
        on(m, s -> {
            if (s.c().number("alpha", 1) != 1) {
                throw s.c().unsupported("has alpha " + s.c().number("alpha", 1) + "; only alpha 1 is supported");
            }
            return s.add(new LayerOp.Identity(), Activation.ELU, false);
        }, "ELU");
        on(m, KerasLayers::softmax, "Softmax");
        on(m, s -> s.add(batchNorm(s.c(), s.inbound(), s.weights()), Activation.LINEAR, true), "BatchNormalization");
        on(m, s -> s.add(new LayerOp.Affine(scalars(s.c(), "scale", 1), scalars(s.c(), "offset", 0))), "Rescaling");
        on(m, s -> s.add(normalization(s.c(), s.inbound(), s.weights()), Activation.LINEAR, true), "Normalization");
        on(m, s -> {
            channelsLast(s.c());
            int[] p = fourSides(s.c(), "cropping");
            return s.add(new LayerOp.Cropping2D(p[0], p[1], p[2], p[3]));
        }, "Cropping2D");
        on(m, KerasLayers::upSampling, "UpSampling2D");
        on(m, s -> {
            if (!(s.c().raw("dims") instanceof java.util.List<?> dims)) {
                throw s.c().error("has no dims");
            }
            return s.add(new LayerOp.Permute(dims.stream().map(d -> ((Double) d).intValue() - 1).toList()));
        }, "Permute");
        on(m, KerasLayers::prelu, "PReLU");
        on(m, s -> s.add(new LayerOp.Merge(LayerOp.MergeKind.valueOf(
                s.c().className().toUpperCase(java.util.Locale.ROOT)))),
                "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum");
        on(m, s -> {
            int axis = s.c().has("axis") ? s.c().integer("axis") : -1;
            return s.add(new LayerOp.Concatenate(axis > 0 ? axis - 1 : axis)); // Keras counts the batch axis
        }, "Concatenate");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void on(Map<String, Parser> table, Parser parser, String... kerasClasses) {
        for (String k : kerasClasses) {
            table.put(k, parser);
        }
    }

    private static List<String> supported() {
        List<String> all = new java.util.ArrayList<>();
        all.add("InputLayer");
        all.addAll(PARSERS.keySet());
        all.addAll(List.of("Sequential", "Functional", "Model"));
        return List.copyOf(all);
    }

    /** Adds one layer to the builder under {@code prefix + name}, fed by {@code inbound}. */
    static Layer add(Model.Builder builder, LayerConfig c, List<Layer> inbound, WeightSource weights, String prefix) {
        Parser parser = PARSERS.get(c.className());
        if (parser == null) {
            throw c.unsupported("is not a supported layer class; supported classes are " + SUPPORTED);
        }
        try {
            return parser.parse(new Site(builder, c, inbound, weights, prefix));
        } catch (IllegalArgumentException e) {
            // a value the operation rejects, such as a zero stride
            throw c.error("has an invalid configuration: " + e.getMessage());
        }
    }

    private static Layer pooling(Site site) {
        LayerConfig c = site.c();
        channelsLast(c);
        int[] pool = required(c, c.pair("pool_size", new int[] {2, 2}), "pool_size");
        int[] s = required(c, c.pair("strides", pool), "strides");
        LayerOp.PoolMode mode = c.className().startsWith("Max") ? LayerOp.PoolMode.MAX : LayerOp.PoolMode.AVERAGE;
        return site.add(new LayerOp.Pooling2D(mode, pool[0], pool[1], s[0], s[1], padding(c)));
    }

    private static Layer globalPooling(Site site) {
        LayerConfig c = site.c();
        channelsLast(c);
        if (c.bool("keepdims", false)) {
            throw c.unsupported("has keepdims=True; only the default (False) is supported");
        }
        return site.add(new LayerOp.GlobalPooling2D(c.className().contains("Max") ? LayerOp.PoolMode.MAX
                : LayerOp.PoolMode.AVERAGE));
    }

    private static Layer dense(Site site) {
        LayerConfig c = site.c();
        int units = c.integer("units");
        boolean useBias = c.bool("use_bias", true);
        List<Weight> w = site.weights().weightsOf(c, useBias ? 2 : 1);
        int in = site.inbound().outputShape().dim(-1);
        Tensor kernel = checked(c, w.get(0), Shape.of(in, units), in + " inputs and " + units + " units");
        Tensor bias = useBias ? checked(c, w.get(1), Shape.of(units), units + " units") : null;
        return site.add(new LayerOp.Dense(kernel, bias), activation(c), true);
    }

    private static Layer softmax(Site site) {
        LayerConfig c = site.c();
        int axis = c.has("axis") ? c.integer("axis") : -1;
        if (axis != -1 && axis != site.inbound().outputShape().rank()) {
            throw c.unsupported("has axis " + axis + "; only the last axis (-1) is supported");
        }
        return site.add(new LayerOp.Identity(), Activation.SOFTMAX, false);
    }

    private static Layer upSampling(Site site) {
        LayerConfig c = site.c();
        channelsLast(c);
        String interpolation = c.string("interpolation", "nearest");
        if (!interpolation.equals("nearest")) {
            throw c.unsupported("uses interpolation '" + interpolation + "'; only 'nearest' is supported");
        }
        int[] size = required(c, c.pair("size", new int[] {2, 2}), "size");
        return site.add(new LayerOp.UpSampling2D(size[0], size[1]));
    }

    private static Layer prelu(Site site) {
        LayerConfig c = site.c();
        Shape in = site.inbound().outputShape();
        int[] alphaShape = in.toArray();
        if (c.raw("shared_axes") instanceof java.util.List<?> shared) {
            for (Object a : shared) {
                alphaShape[((Double) a).intValue() - 1] = 1;
            }
        }
        return site.add(new LayerOp.PRelu(checked(c, site.weights().weightsOf(c, 1).get(0), Shape.of(alphaShape),
                "input " + in + " and shared_axes " + c.raw("shared_axes"))), Activation.LINEAR, true);
    }

    /** Weights in Keras' order: gamma (if scale), beta (if center), moving mean, moving variance. */
    private static LayerOp.BatchNorm batchNorm(LayerConfig c, Layer inbound, WeightSource weights) {
        Object axis = c.raw("axis");
        int rank = inbound.outputShape().rank() + 1;
        int a = axis instanceof java.util.List<?> l && l.size() == 1 ? ((Double) l.get(0)).intValue()
                : axis instanceof Double d ? d.intValue() : -1;
        if (a != -1 && a != rank - 1) {
            throw c.unsupported("normalises axis " + axis + "; only the last (channels) axis is supported");
        }
        boolean scale = c.bool("scale", true);
        boolean center = c.bool("center", true);
        int channels = inbound.outputShape().dim(-1);
        List<Weight> w = weights.weightsOf(c, 2 + (scale ? 1 : 0) + (center ? 1 : 0));
        Shape shape = Shape.of(channels);
        String why = channels + " channels";
        int i = 0;
        Tensor gamma = scale ? checked(c, w.get(i++), shape, why) : null;
        Tensor beta = center ? checked(c, w.get(i++), shape, why) : null;
        Tensor mean = checked(c, w.get(i++), shape, why);
        Tensor variance = checked(c, w.get(i), shape, why);
        return new LayerOp.BatchNorm(gamma, beta, mean, variance, c.number("epsilon", 1e-3));
    }

    /** Rescaling's scale or offset: a number, or one per channel. */
    private static Tensor scalars(LayerConfig c, String key, double fallback) {
        Object v = c.raw(key);
        if (v == null || v instanceof Double) {
            return Tensor.of(Shape.of(1), (float) (v == null ? fallback : (Double) v));
        }
        if (v instanceof java.util.List<?> l && !l.isEmpty()) {
            float[] f = new float[l.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = ((Double) l.get(i)).floatValue();
            }
            return Tensor.of(Shape.of(f.length), f);
        }
        throw c.error("has a " + key + " Saliency4J cannot read: " + v);
    }

    /**
     * Normalization on the last axis: {@code (x - mean) / max(sqrt(variance), 1e-7)} (Keras' epsilon), from the
     * stored mean and variance (and count), or from the configuration when it gives them.
     */
    private static LayerOp.Affine normalization(LayerConfig c, Layer inbound, WeightSource weights) {
        if (c.bool("invert", false)) {
            throw c.unsupported("has invert=True; only normalization is supported");
        }
        Object axis = c.raw("axis");
        if (axis instanceof java.util.List<?> l && (l.size() != 1 || ((Double) l.get(0)).intValue() != -1)
                && !(l.size() == 1 && ((Double) l.get(0)).intValue() == inbound.outputShape().rank())) {
            throw c.unsupported("normalises axis " + axis + "; only the last axis is supported");
        }
        float[] mean;
        float[] variance;
        if (c.has("mean") && c.has("variance")) {
            weights.weightsOf(c, 0);
            mean = scalars(c, "mean", 0).toArray();
            variance = scalars(c, "variance", 1).toArray();
        } else {
            List<Weight> w = weights.weightsOf(c, 3);
            mean = w.get(0).value().toArray();
            variance = w.get(1).value().toArray();
        }
        float[] scale = new float[mean.length];
        float[] offset = new float[mean.length];
        for (int i = 0; i < mean.length; i++) {
            scale[i] = (float) (1 / Math.max(Math.sqrt(variance[i]), 1e-7));
            offset[i] = -mean[i] * scale[i];
        }
        return new LayerOp.Affine(Tensor.of(Shape.of(scale.length), scale), Tensor.of(Shape.of(offset.length), offset));
    }

    /** ZeroPadding2D's padding or Cropping2D's cropping: n, (h, w) or ((top, bottom), (left, right)). */
    private static int[] fourSides(LayerConfig c, String key) {
        Object p = c.raw(key);
        if (p instanceof Double d) {
            return new int[] {d.intValue(), d.intValue(), d.intValue(), d.intValue()};
        }
        if (p instanceof java.util.List<?> l && l.size() == 2) {
            if (l.get(0) instanceof Double a && l.get(1) instanceof Double b) {
                return new int[] {a.intValue(), a.intValue(), b.intValue(), b.intValue()};
            }
            if (l.get(0) instanceof java.util.List<?> a && l.get(1) instanceof java.util.List<?> b
                    && a.size() == 2 && b.size() == 2) {
                return new int[] {((Double) a.get(0)).intValue(), ((Double) a.get(1)).intValue(),
                    ((Double) b.get(0)).intValue(), ((Double) b.get(1)).intValue()};
            }
        }
        throw c.error("has a " + key + " Saliency4J cannot read: " + p);
    }

    /** Reshape's target_shape, with one -1 inferred from the input size. */
    private static Shape reshape(LayerConfig c, Layer inbound) {
        if (!(c.raw("target_shape") instanceof java.util.List<?> l) || l.isEmpty()) {
            throw c.error("has no target_shape");
        }
        int[] dims = new int[l.size()];
        int known = 1;
        int unknown = -1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = ((Double) l.get(i)).intValue();
            if (dims[i] == -1) {
                unknown = i;
            } else {
                known *= dims[i];
            }
        }
        if (unknown >= 0) {
            dims[unknown] = inbound.outputShape().size() / known;
        }
        return Shape.of(dims);
    }

    static int[] required(LayerConfig c, int @Nullable [] value, String key) {
        if (value == null) {
            throw c.error("has no '" + key + "'");
        }
        return value;
    }

    static void channelsLast(LayerConfig c) {
        String format = c.string("data_format", "channels_last");
        if (!format.equals("channels_last")) {
            throw c.unsupported("uses data_format " + format + "; only channels_last is supported");
        }
    }

    static Padding padding(LayerConfig c) {
        String name = c.string("padding", "valid");
        Padding p = Padding.fromKeras(name);
        if (p == null) {
            throw c.unsupported("uses padding '" + name + "'; only 'valid' and 'same' are supported");
        }
        return p;
    }

    /** Reads {@code activation}: a name, or Keras 3's serialized form whose {@code config} is the name. */
    static Activation activation(LayerConfig c) {
        Object v = c.raw("activation");
        String name;
        if (v == null) {
            name = "linear";
        } else if (v instanceof String s) {
            name = s;
        } else if (v instanceof Map<?, ?> m && m.get("config") instanceof String s) {
            name = s;
        } else {
            throw c.unsupported("has an activation Saliency4J cannot read: " + v);
        }
        return Activation.fromKeras(name).orElseThrow(() -> c.unsupported(
                "uses activation '" + name + "'; supported activations are " + Activation.kerasNames()));
    }

    static Tensor checked(LayerConfig c, Weight w, Shape expected, String because) {
        if (!w.value().shape().equals(expected)) {
            throw new ShapeMismatchException(c.source() + ": layer '" + c.name() + "' (" + c.className()
                    + ") stores weight '" + w.name() + "' of shape " + w.value().shape() + ", but its configuration ("
                    + because + ") needs " + expected);
        }
        return w.value();
    }
}
