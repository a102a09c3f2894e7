package org.saliency4j.keras;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.saliency4j.ModelFormatException;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.UnsupportedLayerException;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;

/**
 * Builds a model graph from a Keras model configuration: Sequential and functional models ("Model",
 * "Functional"), with nested models flattened into the one graph. A nested model's layers are named
 * {@code container/layer} (at any depth), so every inner layer is addressable by name.
 */
final class KerasGraph {
    private static final Set<String> CONTAINERS = Set.of("Sequential", "Model", "Functional");

    private final String source;
    private final Model.Builder builder;
    private final Function<String, KerasLayers.WeightSource> nestedWeights;

    private KerasGraph(String source, String name, Function<String, KerasLayers.WeightSource> nestedWeights) {
        this.source = source;
        this.builder = Model.builder(name);
        this.nestedWeights = nestedWeights;
    }

    /**
     * Builds the model.
     *
     * @param source        the file, for messages
     * @param root          the parsed configuration ({@code {"class_name": ..., "config": ...}})
     * @param weights       weights of the top-level layers, by layer
     * @param nestedWeights the weights of a top-level nested model's layers, by the nested model's name
     */
    static Model build(String source, @Nullable Object root, KerasLayers.WeightSource weights,
                       Function<String, KerasLayers.WeightSource> nestedWeights) {
        if (!(root instanceof Map<?, ?> map) || !(map.get("class_name") instanceof String cls)) {
            throw new ModelFormatException(source + ": the model configuration has no class_name");
        }
        if (!CONTAINERS.contains(cls)) {
            throw new ModelFormatException(source + ": the model class is " + cls + "; expected Sequential, Model or "
                    + "Functional");
        }
        Object config = map.get("config");
        String name = config instanceof Map<?, ?> c && c.get("name") instanceof String n ? n : cls.toLowerCase(java.util.Locale.ROOT);
        KerasGraph g = new KerasGraph(source, name, nestedWeights);
        try {
            Layer output = g.container(cls, config, List.of(), "", weights, true);
            return g.builder.build(output);
        } catch (ShapeMismatchException e) {
            // The model's own checks know the layer, not the file it came from.
            throw e.getMessage() != null && e.getMessage().startsWith(source) ? e
                    : new ShapeMismatchException(source + ": " + e.getMessage(), e);
        }
    }

    /** Imports a Sequential or functional configuration fed by {@code bound} (empty at the top) and returns its output. */
    private Layer container(String cls, @Nullable Object config, List<Layer> bound, String prefix,
                            KerasLayers.WeightSource weights, boolean top) {
        return cls.equals("Sequential") ? sequential(config, bound, prefix, weights, top)
                : functional(config, bound, prefix, weights, top);
    }

    private Layer sequential(@Nullable Object config, List<Layer> bound, String prefix, KerasLayers.WeightSource weights,
                             boolean top) {
        List<?> entries;
        if (config instanceof List<?> list) {
            entries = list; // Keras 2.0-2.1 wrote the layer list directly
        } else if (config instanceof Map<?, ?> map && map.get("layers") instanceof List<?> list) {
            entries = list;
        } else {
            throw new ModelFormatException(source + ": a Sequential configuration has no layer list");
        }
        if (entries.isEmpty()) {
            throw new ModelFormatException(source + ": a Sequential model has no layers");
        }
        List<LayerConfig> layers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            layers.add(LayerConfig.of(entries.get(i), source, i));
        }
        LayerConfig first = layers.get(0);
        boolean explicitInput = first.className().equals("InputLayer");
        Layer previous;
        if (!bound.isEmpty()) {
            previous = bound.get(0);
        } else {
            String inputName = explicitInput ? first.name() : first.name() + "_input";
            previous = builder.input(prefix + inputName, CONTAINERS.contains(first.className()) && !first.has(
                    "batch_input_shape") ? nestedInputShape(first) : inputShape(first));
        }
        for (LayerConfig layer : explicitInput ? layers.subList(1, layers.size()) : layers) {
            previous = layer(layer, layer.entry(), List.of(previous), prefix, weights, top);
            builder.child(parent(prefix), prefix + layer.name(), previous);
        }
        return previous;
    }

    private Layer functional(@Nullable Object config, List<Layer> bound, String prefix, KerasLayers.WeightSource weights,
                             boolean top) {
        if (!(config instanceof Map<?, ?> map) || !(map.get("layers") instanceof List<?> entries)) {
            throw new ModelFormatException(source + ": a functional model configuration has no layer list");
        }
        List<String> inputs = tensorNames(map.get("input_layers"));
        List<String> outputs = tensorNames(map.get("output_layers"));
        if (outputs.size() != 1) {
            throw new UnsupportedLayerException(source + ": the functional model " + map.get("name") + " has "
                    + outputs.size() + " outputs " + outputs + "; Saliency4J supports one");
        }
        if (!bound.isEmpty() && bound.size() != inputs.size()) {
            throw new ModelFormatException(source + ": the nested model " + map.get("name") + " has " + inputs.size()
                    + " inputs but is called with " + bound.size());
        }
        Map<String, Layer> made = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Object entry = entries.get(i);
            LayerConfig c = LayerConfig.of(entry, source, i);
            if (c.className().equals("InputLayer")) {
                int position = inputs.indexOf(c.name());
                Layer in = bound.isEmpty() ? builder.inputLayer(prefix + c.name(), inputShape(c))
                        : bound.get(Math.max(position, 0));
                made.put(c.name(), in);
                builder.child(parent(prefix), in.name(), in);
                continue;
            }
            List<Layer> inbound = new ArrayList<>();
            for (String from : inboundNames(c, entry)) {
                Layer l = made.get(from);
                if (l == null) {
                    throw new ModelFormatException(source + ": layer '" + c.name() + "' (" + c.className()
                            + ") takes input from '" + from + "', which is not defined before it");
                }
                inbound.add(l);
            }
            if (inbound.isEmpty()) {
                throw new ModelFormatException(source + ": layer '" + c.name() + "' (" + c.className() + ") has no input");
            }
            Layer made1 = layer(c, entry, inbound, prefix, weights, top);
            made.put(c.name(), made1);
            builder.child(parent(prefix), prefix + c.name(), made1);
        }
        Layer out = made.get(outputs.get(0));
        if (out == null) {
            throw new ModelFormatException(source + ": the output layer '" + outputs.get(0) + "' is not defined");
        }
        return out;
    }

    /** Adds a plain layer, or flattens a nested model into the graph. */
    private Layer layer(LayerConfig c, @Nullable Object entry, List<Layer> inbound, String prefix,
                        KerasLayers.WeightSource weights, boolean top) {
        if (CONTAINERS.contains(c.className())) {
            KerasLayers.WeightSource inner = top ? nestedWeights.apply(c.name()) : weights;
            Object config = entry instanceof Map<?, ?> m ? m.get("config") : null;
            builder.nested(prefix + c.name(), c.className());
            return container(c.className(), config, inbound, prefix + c.name() + "/", inner, false);
        }
        return KerasLayers.add(builder, c, inbound, weights, prefix);
    }

    /** The container path of a prefix: "" for the model itself, "a/b" for "a/b/". */
    private static String parent(String prefix) {
        return prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
    }

    /** Names of the layers feeding an entry: Keras 2's [[name, node, tensor, kwargs], ...] or Keras 3's args. */
    private List<String> inboundNames(LayerConfig c, @Nullable Object entry) {
        Object nodes = entry instanceof Map<?, ?> m ? m.get("inbound_nodes") : null;
        if (!(nodes instanceof List<?> list) || list.isEmpty()) {
            return List.of();
        }
        if (list.size() > 1) {
            throw c.unsupported("is called " + list.size() + " times (a shared layer); Saliency4J supports layers "
                    + "called once");
        }
        List<String> names = new ArrayList<>();
        Object node = list.get(0);
        if (node instanceof List<?> tensors) {
            for (Object t : tensors) {
                if (t instanceof List<?> ref && !ref.isEmpty() && ref.get(0) instanceof String n) {
                    requireFirstTensor(c, ref);
                    names.add(n);
                }
            }
        } else if (node instanceof Map<?, ?> call) {
            collectHistory(c, call.get("args"), names);
        }
        return names;
    }

    /** Keras 3: every {@code keras_history: [name, node, tensor]} in a call's arguments, in order. */
    private static void collectHistory(LayerConfig c, @Nullable Object value, List<String> names) {
        if (value instanceof Map<?, ?> m) {
            if (m.get("config") instanceof Map<?, ?> cfg && cfg.get("keras_history") instanceof List<?> h
                    && !h.isEmpty() && h.get(0) instanceof String n) {
                requireFirstTensor(c, h);
                names.add(n);
                return;
            }
            for (Object v : m.values()) {
                collectHistory(c, v, names);
            }
        } else if (value instanceof List<?> l) {
            for (Object v : l) {
                collectHistory(c, v, names);
            }
        }
    }

    private static void requireFirstTensor(LayerConfig c, List<?> ref) {
        if (ref.size() > 2 && ref.get(2) instanceof Double t && t != 0) {
            throw c.unsupported("takes output " + t.intValue() + " of a layer with several outputs; not supported");
        }
    }

    /** input_layers / output_layers: [[name, 0, 0], ...] or a single [name, 0, 0]. */
    private static List<String> tensorNames(@Nullable Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof List<?> l && !l.isEmpty()) {
            if (l.get(0) instanceof String n) {
                names.add(n);
            } else {
                for (Object e : l) {
                    if (e instanceof List<?> ref && !ref.isEmpty() && ref.get(0) instanceof String n) {
                        names.add(n);
                    }
                }
            }
        }
        return names;
    }

    /** The input shape of a nested model that starts a Sequential: its own first input layer's. */
    private Shape nestedInputShape(LayerConfig container) {
        Object layers = container.raw("layers");
        if (layers instanceof List<?> list && !list.isEmpty()) {
            LayerConfig first = LayerConfig.of(list.get(0), source, 0);
            return CONTAINERS.contains(first.className()) && !first.has("batch_input_shape")
                    ? nestedInputShape(first) : inputShape(first);
        }
        return inputShape(container);
    }

    /** {@code batch_input_shape} (Keras 2) or {@code batch_shape} (Keras 3), without the batch axis. */
    private Shape inputShape(LayerConfig first) {
        Object raw = first.has("batch_input_shape") ? first.raw("batch_input_shape") : first.raw("batch_shape");
        if (!(raw instanceof List<?> dims) || dims.size() < 2) {
            throw first.error("declares no input shape (batch_input_shape); build the model with an input shape "
                    + "before saving it");
        }
        int[] shape = new int[dims.size() - 1];
        long elements = 1;
        for (int i = 1; i < dims.size(); i++) {
            Object d = dims.get(i);
            if (d == null) {
                throw first.error("has input shape " + listText(dims) + " with an unknown size on axis " + i
                        + "; Saliency4J needs fixed input sizes");
            }
            if (!(d instanceof Double v) || v < 1 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                throw first.error("has input shape " + listText(dims) + " with a size of " + number(d) + " on axis " + i
                        + "; each size must be a whole number from 1 up");
            }
            shape[i - 1] = v.intValue();
            elements *= shape[i - 1];
            if (elements > Integer.MAX_VALUE) {
                throw first.error("has input shape " + listText(dims) + ", more than 2^31-1 values per image; "
                        + "Saliency4J cannot hold such an input");
            }
        }
        return Shape.of(shape);
    }

    private static String listText(List<?> values) {
        return values.stream().map(v -> v == null ? "None" : number(v)).toList().toString();
    }

    /** A JSON number as written: whole numbers without a fraction. */
    private static String number(@Nullable Object d) {
        return d instanceof Double v && v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue())
                : String.valueOf(d);
    }
}
