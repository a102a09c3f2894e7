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
    static final List<String> SUPPORTED = List.of("InputLayer", "Conv2D", "MaxPooling2D", "AveragePooling2D",
            "Dense", "Flatten", "Dropout", "Activation", "ReLU", "Softmax");

    /** A stored weight array with the name it has in the file. */
    record Weight(String name, Tensor value) {
    }

    /** Reads the weights the file stores for a layer, in the order of its {@code weight_names}. */
    interface WeightSource {
        List<Weight> weightsOf(LayerConfig layer, int expected);
    }

    private KerasLayers() {
    }

    /** Adds one layer to the builder, fed by {@code inbound}. */
    static Layer add(Model.Builder builder, LayerConfig c, Layer inbound, WeightSource weights) {
        try {
            return addChecked(builder, c, inbound, weights);
        } catch (IllegalArgumentException e) {
            // a value the operation rejects, such as a zero stride
            throw c.error("has an invalid configuration: " + e.getMessage());
        }
    }

    private static Layer addChecked(Model.Builder builder, LayerConfig c, Layer inbound, WeightSource weights) {
        String cls = c.className();
        LayerOp op;
        Activation activation = Activation.LINEAR;
        switch (cls) {
            case "Conv2D", "Convolution2D" -> {
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
        if (!cls.equals("Conv2D") && !cls.equals("Convolution2D") && !cls.equals("Dense")) {
            weights.weightsOf(c, 0);
        }
        return builder.add(c.name(), cls, op, activation, inbound);
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
