package org.saliency4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Keras' view of a model flattened from nested models: which nested models there were (their paths, the prefixes of
 * their layers' names, and Keras classes) and each one's children in Keras' order, so that Keras' index paths
 * ({@code model.layers[1].layers[0]}) still find their layers. Immutable; {@link Builder} collects it while a model is
 * read.
 */
final class Nesting {
    /** No nested models. */
    static final Nesting NONE = new Nesting(Map.of(), Map.of());

    /**
     * A child of a nested model, {@code container.layers[i]} in Keras.
     *
     * @param path  the child's path: a layer's name, or a nested model's path
     * @param layer the layer, or the nested model's output layer
     */
    private record Child(String path, Layer layer) {
    }

    private final Map<String, String> containers;
    /** Per nested model's path ("" for the model itself): its children in Keras' order. */
    private final Map<String, List<Child>> children;

    private Nesting(Map<String, String> containers, Map<String, List<Child>> children) {
        this.containers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(containers));
        Map<String, List<Child>> copy = new HashMap<>();
        children.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.children = Map.copyOf(copy);
    }

    /** @return path to Keras class of each nested model, in the order they were read */
    Map<String, String> containers() {
        return containers;
    }

    /** @return whether the model was flattened from nested models */
    boolean isEmpty() {
        return children.isEmpty();
    }

    /**
     * @param model the model's name, for messages
     * @param path  one index per level of nesting, at least one
     * @return the layer at that path; a path ending at a nested model gives the layer that produces its output
     * @throws IndexOutOfBoundsException naming the level whose index does not exist
     */
    Layer layerAt(String model, int... path) {
        if (path.length == 0) {
            throw new IndexOutOfBoundsException("model '" + model + "' has nested models; give one index per level");
        }
        String container = "";
        Child at = null;
        for (int index : path) {
            List<Child> kids = children.get(container);
            if (kids == null) {
                throw new IndexOutOfBoundsException("index path " + Arrays.toString(path) + ": '" + container
                        + "' is not a nested model");
            }
            if (index < 0 || index >= kids.size()) {
                throw new IndexOutOfBoundsException("index path " + Arrays.toString(path) + ": "
                        + (container.isEmpty() ? "model '" + model + "'" : "'" + container + "'") + " has layers 0.."
                        + (kids.size() - 1));
            }
            at = kids.get(index);
            container = at.path();
        }
        return java.util.Objects.requireNonNull(at).layer();
    }

    /** @return the same nesting with each child layer replaced by {@code copy}'s answer */
    Nesting withLayers(UnaryOperator<Layer> copy) {
        Map<String, List<Child>> kids = new HashMap<>();
        children.forEach((k, v) -> kids.put(k, v.stream().map(c -> new Child(c.path(), copy.apply(c.layer()))).toList()));
        return new Nesting(containers, kids);
    }

    /** Collects the nesting while a model is read. */
    static final class Builder {
        private final Map<String, String> containers = new LinkedHashMap<>();
        private final Map<String, List<Child>> children = new HashMap<>();

        void container(String path, String kerasClass) {
            containers.put(path, kerasClass);
        }

        void child(String container, String childPath, Layer layer) {
            children.computeIfAbsent(container, k -> new ArrayList<>()).add(new Child(childPath, layer));
        }

        Nesting build() {
            return new Nesting(containers, children);
        }
    }
}
