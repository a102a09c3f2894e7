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

/** Turns Keras layer configurations and their stored weights into graph layers, one Keras class at a time. */
final class KerasLayers {
    /** The Keras layer classes that can be imported, for messages. */
    static final List<String> SUPPORTED = List.of("InputLayer", "Conv2D", "Convolution2D", "DepthwiseConv2D",
            "SeparableConv2D", "MaxPooling2D", "MaxPool2D", "AveragePooling2D", "AvgPool2D", "GlobalAveragePooling2D",
            "GlobalMaxPooling2D", "ZeroPadding2D", "Dense", "Flatten", "Reshape", "Dropout", "Activation", "ReLU",
            "LeakyReLU", "ELU", "Softmax", "BatchNormalization", "Rescaling", "Normalization", "Cropping2D",
            "UpSampling2D", "Permute", "PReLU", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
            "Concatenate", "Sequential", "Functional", "Model");

    /** A stored weight array with the name it has in the file. */
    record Weight(String name, Tensor value) {
    }

    /** Reads the weights the file stores for a layer, in the order of its {@code weight_names}. */
    interface WeightSource {
        List<Weight> weightsOf(LayerConfig layer, int expected);
    }

    private KerasLayers() {
    }

    /** Adds one layer to the builder under {@code prefix + name}, fed by {@code inbound}. */
    static Layer add(Model.Builder builder, LayerConfig c, List<Layer> inbound, WeightSource weights, String prefix) {
        try {
            return addChecked(builder, c, inbound, weights, prefix);
        } catch (IllegalArgumentException e) {
            // a value the operation rejects, such as a zero stride
            throw c.error("has an invalid configuration: " + e.getMessage());
        }
    }

    private static Layer addChecked(Model.Builder builder, LayerConfig c, List<Layer> inputs, WeightSource weights,
                                    String prefix) {
        String cls = c.className();
        Layer inbound = inputs.get(0);
        LayerOp op;
        Activation activation = Activation.LINEAR;
        boolean weighted = false;
        switch (cls) {
            case "Conv2D", "Convolution2D" -> {
                if (c.string("data_format", "channels_last").equals("channels_first")) {
                    return channelsFirstConv(builder, c, inbound, weights, prefix);
                }
                channelsLast(c);
                int[] dilation = c.pair("dilation_rate", new int[] {1, 1});
                if (dilation != null && (dilation[0] != 1 || dilation[1] != 1)) {
                    throw c.unsupported("has dilation_rate " + dilation[0] + "x" + dilation[1]
                            + "; only dilation 1 is supported");
                }
                if (c.has("groups") && c.integer("groups") != 1) {
                    throw c.unsupported("has groups " + c.integer("groups") + "; only groups 1 is supported");
                }
                int[] k = required(c, c.pair("kernel_size", null), "kernel_size");
                int filters = c.integer("filters");
                int[] s = required(c, c.pair("strides", new int[] {1, 1}), "strides");
                boolean useBias = c.bool("use_bias", true);
                activation = activation(c);
                List<Weight> w = weights.weightsOf(c, useBias ? 2 : 1);
                int in = inbound.outputShape().dim(-1);
                String why = "kernel_size " + k[0] + "x" + k[1] + ", " + in + " input channels and " + filters + " filters";
                Tensor kernel = checked(c, w.get(0), Shape.of(k[0], k[1], in, filters), why);
                Tensor bias = useBias ? checked(c, w.get(1), Shape.of(filters), filters + " filters") : null;
                op = new LayerOp.Conv2D(kernel, bias, s[0], s[1], padding(c));
                weighted = true;
            }
            case "DepthwiseConv2D", "SeparableConv2D" -> {
                return depthwise(builder, c, inbound, weights, prefix);
            }
            case "MaxPooling2D", "MaxPool2D", "AveragePooling2D", "AvgPool2D" -> {
                channelsLast(c);
                int[] pool = required(c, c.pair("pool_size", new int[] {2, 2}), "pool_size");
                int[] s = required(c, c.pair("strides", pool), "strides");
                LayerOp.PoolMode mode = cls.startsWith("Max") ? LayerOp.PoolMode.MAX : LayerOp.PoolMode.AVERAGE;
                op = new LayerOp.Pooling2D(mode, pool[0], pool[1], s[0], s[1], padding(c));
            }
            case "Dense" -> {
                int units = c.integer("units");
                boolean useBias = c.bool("use_bias", true);
                activation = activation(c);
                List<Weight> w = weights.weightsOf(c, useBias ? 2 : 1);
                int in = inbound.outputShape().dim(-1);
                Tensor kernel = checked(c, w.get(0), Shape.of(in, units), in + " inputs and " + units + " units");
                Tensor bias = useBias ? checked(c, w.get(1), Shape.of(units), units + " units") : null;
                op = new LayerOp.Dense(kernel, bias);
                weighted = true;
            }
            case "BatchNormalization" -> {
                op = batchNorm(c, inbound, weights);
                weighted = true;
            }
            case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum" ->
                    op = new LayerOp.Merge(LayerOp.MergeKind.valueOf(cls.toUpperCase(java.util.Locale.ROOT)));
            case "Concatenate" -> {
                int axis = c.has("axis") ? c.integer("axis") : -1;
                op = new LayerOp.Concatenate(axis > 0 ? axis - 1 : axis); // Keras counts the batch axis
            }
            case "ZeroPadding2D" -> {
                channelsLast(c);
                int[] p = fourSides(c, "padding");
                op = new LayerOp.ZeroPadding2D(p[0], p[1], p[2], p[3]);
            }
            case "Cropping2D" -> {
                channelsLast(c);
                int[] p = fourSides(c, "cropping");
                op = new LayerOp.Cropping2D(p[0], p[1], p[2], p[3]);
            }
            case "UpSampling2D" -> {
                channelsLast(c);
                String interpolation = c.string("interpolation", "nearest");
                if (!interpolation.equals("nearest")) {
                    throw c.unsupported("uses interpolation '" + interpolation + "'; only 'nearest' is supported");
                }
                int[] size = required(c, c.pair("size", new int[] {2, 2}), "size");
                op = new LayerOp.UpSampling2D(size[0], size[1]);
            }
            case "Permute" -> {
                if (!(c.raw("dims") instanceof java.util.List<?> dims)) {
                    throw c.error("has no dims");
                }
                op = new LayerOp.Permute(dims.stream().map(d -> ((Double) d).intValue() - 1).toList());
            }
            case "Rescaling" -> op = new LayerOp.Affine(scalars(c, "scale", 1), scalars(c, "offset", 0));
            case "Normalization" -> {
                op = normalization(c, inbound, weights);
                weighted = true;
            }
            case "PReLU" -> {
                Shape in = inbound.outputShape();
                int[] alphaShape = in.toArray();
                if (c.raw("shared_axes") instanceof java.util.List<?> shared) {
                    for (Object a : shared) {
                        alphaShape[((Double) a).intValue() - 1] = 1;
                    }
                }
                op = new LayerOp.PRelu(checked(c, weights.weightsOf(c, 1).get(0), Shape.of(alphaShape),
                        "input " + in + " and shared_axes " + c.raw("shared_axes")));
                weighted = true;
            }
            case "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> {
                channelsLast(c);
                if (c.bool("keepdims", false)) {
                    throw c.unsupported("has keepdims=True; only the default (False) is supported");
                }
                op = new LayerOp.GlobalPooling2D(cls.contains("Max") ? LayerOp.PoolMode.MAX : LayerOp.PoolMode.AVERAGE);
            }
            case "Reshape" -> op = new LayerOp.Reshape(reshape(c, inbound));
            case "LeakyReLU" -> op = new LayerOp.Relu(Double.POSITIVE_INFINITY,
                    c.has("negative_slope") ? c.number("negative_slope", 0.3) : c.number("alpha", 0.3), 0);
            case "ELU" -> {
                if (c.number("alpha", 1) != 1) {
                    throw c.unsupported("has alpha " + c.number("alpha", 1) + "; only alpha 1 is supported");
                }
                op = new LayerOp.Identity();
                activation = Activation.ELU;
            }
            case "Flatten" -> {
                if (inbound.outputShape().rank() > 1) {
                    channelsLast(c);
                }
                op = new LayerOp.Flatten();
            }
            case "Dropout" -> op = new LayerOp.Dropout(c.number("rate", 0));
            case "Activation" -> {
                op = new LayerOp.Identity();
                activation = activation(c);
            }
            case "Softmax" -> {
                int axis = c.has("axis") ? c.integer("axis") : -1;
                if (axis != -1 && axis != inbound.outputShape().rank()) {
                    throw c.unsupported("has axis " + axis + "; only the last axis (-1) is supported");
                }
                op = new LayerOp.Identity();
                activation = Activation.SOFTMAX;
            }
            case "ReLU" -> op = new LayerOp.Relu(c.number("max_value", Double.POSITIVE_INFINITY),
                    c.number("negative_slope", 0), c.number("threshold", 0));
            default -> throw c.unsupported("is not a supported layer class; supported classes are " + SUPPORTED);
        }
        if (!weighted) {
            weights.weightsOf(c, 0);
        }
        return builder.add(prefix + c.name(), cls, op, activation, inputs.toArray(new Layer[0]));
    }

    /**
     * Conv2D with {@code data_format="channels_first"}: its (c, h, w) input is permuted to channels last for the
     * convolution ({@code name/conv}) and the result permuted back under the layer's own name.
     */
    private static Layer channelsFirstConv(Model.Builder builder, LayerConfig c, Layer inbound, WeightSource weights,
                                           String prefix) {
        if (inbound.outputShape().rank() != 3) {
            throw c.error("takes (channels, height, width) input, got " + inbound.outputShape());
        }
        int[] dilation = c.pair("dilation_rate", new int[] {1, 1});
        if (dilation != null && (dilation[0] != 1 || dilation[1] != 1)) {
            throw c.unsupported("has dilation_rate " + dilation[0] + "x" + dilation[1] + "; only dilation 1 is supported");
        }
        int[] k = required(c, c.pair("kernel_size", null), "kernel_size");
        int filters = c.integer("filters");
        int[] s = required(c, c.pair("strides", new int[] {1, 1}), "strides");
        boolean useBias = c.bool("use_bias", true);
        List<Weight> w = weights.weightsOf(c, useBias ? 2 : 1);
        int in = inbound.outputShape().dim(0);
        Tensor kernel = checked(c, w.get(0), Shape.of(k[0], k[1], in, filters),
                "kernel_size " + k[0] + "x" + k[1] + ", " + in + " input channels and " + filters + " filters");
        Tensor bias = useBias ? checked(c, w.get(1), Shape.of(filters), filters + " filters") : null;
        Layer last = builder.add(prefix + c.name() + "/to_channels_last", "Permute",
                new LayerOp.Permute(List.of(1, 2, 0)), Activation.LINEAR, inbound);
        Layer conv = builder.add(prefix + c.name() + "/conv", "Conv2D",
                new LayerOp.Conv2D(kernel, bias, s[0], s[1], padding(c)), activation(c), last);
        return builder.add(prefix + c.name(), "Conv2D", new LayerOp.Permute(List.of(2, 0, 1)), Activation.LINEAR, conv);
    }

    /**
     * DepthwiseConv2D, and SeparableConv2D as two nodes: {@code name/depthwise} then the pointwise 1x1
     * convolution under the layer's own name, which holds the bias and activation.
     */
    private static Layer depthwise(Model.Builder builder, LayerConfig c, Layer inbound, WeightSource weights,
                                   String prefix) {
        channelsLast(c);
        int[] dilation = c.pair("dilation_rate", new int[] {1, 1});
        if (dilation != null && (dilation[0] != 1 || dilation[1] != 1)) {
            throw c.unsupported("has dilation_rate " + dilation[0] + "x" + dilation[1] + "; only dilation 1 is supported");
        }
        boolean separable = c.className().equals("SeparableConv2D");
        int[] k = required(c, c.pair("kernel_size", null), "kernel_size");
        int[] s = required(c, c.pair("strides", new int[] {1, 1}), "strides");
        int multiplier = c.has("depth_multiplier") ? c.integer("depth_multiplier") : 1;
        boolean useBias = c.bool("use_bias", true);
        int in = inbound.outputShape().dim(-1);
        List<Weight> w = weights.weightsOf(c, (separable ? 2 : 1) + (useBias ? 1 : 0));
        Tensor depthwise = checked(c, w.get(0), Shape.of(k[0], k[1], in, multiplier),
                "kernel_size " + k[0] + "x" + k[1] + ", " + in + " channels, depth multiplier " + multiplier);
        Activation activation = activation(c);
        if (!separable) {
            Tensor bias = useBias ? checked(c, w.get(1), Shape.of(in * multiplier), in * multiplier + " channels") : null;
            return builder.add(prefix + c.name(), c.className(),
                    new LayerOp.DepthwiseConv2D(depthwise, bias, s[0], s[1], padding(c)), activation, inbound);
        }
        int filters = c.integer("filters");
        Tensor pointwise = checked(c, w.get(1), Shape.of(1, 1, in * multiplier, filters),
                in * multiplier + " channels and " + filters + " filters");
        Tensor bias = useBias ? checked(c, w.get(2), Shape.of(filters), filters + " filters") : null;
        Layer depth = builder.add(prefix + c.name() + "/depthwise", "SeparableConv2D",
                new LayerOp.DepthwiseConv2D(depthwise, null, s[0], s[1], padding(c)), Activation.LINEAR, inbound);
        return builder.add(prefix + c.name(), c.className(),
                new LayerOp.Conv2D(pointwise, bias, 1, 1, Padding.VALID), activation, depth);
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

    private static int[] required(LayerConfig c, int @Nullable [] value, String key) {
        if (value == null) {
            throw c.error("has no '" + key + "'");
        }
        return value;
    }

    private static void channelsLast(LayerConfig c) {
        String format = c.string("data_format", "channels_last");
        if (!format.equals("channels_last")) {
            throw c.unsupported("uses data_format " + format + "; only channels_last is supported");
        }
    }

    private static Padding padding(LayerConfig c) {
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

    private static Tensor checked(LayerConfig c, Weight w, Shape expected, String because) {
        if (!w.value().shape().equals(expected)) {
            throw new ShapeMismatchException(c.source() + ": layer '" + c.name() + "' (" + c.className()
                    + ") stores weight '" + w.name() + "' of shape " + w.value().shape() + ", but its configuration ("
                    + because + ") needs " + expected);
        }
        return w.value();
    }
}
