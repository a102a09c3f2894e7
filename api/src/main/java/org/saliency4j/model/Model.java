package org.saliency4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.saliency4j.ModelFormatException;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.tensor.Shape;

/**
 * An immutable model: a directed acyclic graph of {@link Layer}s with one input and one output, its shapes
 * inferred and checked when it was built.
 *
 * <p>{@link #layers()} lists the layers as Keras' {@code model.layers} does, so {@link #layer(int)} takes Keras'
 * index. A Sequential model's input is a graph node but not one of its layers, as in Keras. {@link #truncatedAt}
 * gives the notebook's "partial model up to layer i".
 */
public final class Model {
    private final String name;
    private final List<Layer> nodes;
    private final List<Layer> layers;
    private final Layer input;
    private final Layer output;
    private final Map<String, Layer> byName;
    private final Nesting nesting;

    private Model(String name, List<Layer> nodes, List<Layer> layers, Layer input, Layer output, Nesting nesting) {
        this.name = name;
        this.nesting = nesting;
        this.nodes = List.copyOf(nodes);
        this.layers = List.copyOf(layers);
        this.input = input;
        this.output = output;
        Map<String, Layer> names = new HashMap<>();
        for (Layer l : nodes) {
            names.put(l.name(), l);
        }
        this.byName = Collections.unmodifiableMap(names);
    }

    /**
     * Starts building a model.
     *
     * @param name the model's name
     * @return an empty builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the model's name */
    public String name() {
        return name;
    }

    /** @return the layers as Keras lists them in {@code model.layers}; the position is the Keras index */
    public List<Layer> layers() {
        return layers;
    }

    /** @return every node of the graph, inputs included, in an order where each node follows its inbound nodes */
    public List<Layer> nodes() {
        return nodes;
    }

    /**
     * Returns a layer by Keras index.
     *
     * @param index the position in {@link #layers()}
     * @return the layer
     * @throws IndexOutOfBoundsException naming the valid range
     */
    public Layer layer(int index) {
        if (index < 0 || index >= layers.size()) {
            throw new IndexOutOfBoundsException("model '" + name + "' has layers 0.." + (layers.size() - 1)
                    + ", no layer " + index);
        }
        return layers.get(index);
    }

    /**
     * Returns a layer (or input) by name. A layer of a nested model is named by its path
     * ({@code sequential_1/model1/block_13_expand_relu}), or by its own Keras name alone where no other layer ends
     * in that name.
     *
     * @param layerName the Keras name, or the path through nested models
     * @return the layer
     * @throws IllegalArgumentException naming the candidates when several nested layers end in the name, else
     *                                  listing the layers whose names contain it, or all of them
     */
    public Layer layer(String layerName) {
        Layer l = byName.get(layerName);
        if (l != null) {
            return l;
        }
        List<Layer> ending = nodes.stream().filter(n -> n.name().endsWith("/" + layerName)).toList();
        if (ending.size() == 1) {
            return ending.get(0);
        }
        if (ending.size() > 1) {
            throw new IllegalArgumentException("model '" + name + "' has several layers named '" + layerName
                    + "' in nested models; give the path of one: " + ending.stream().map(Layer::name).toList());
        }
        List<String> near = nodes.stream().map(Layer::name).filter(n -> n.contains(layerName)).toList();
        throw new IllegalArgumentException("model '" + name + "' has no layer named '" + layerName + "'; "
                + (near.isEmpty() ? "its layers are " + nodes.stream().map(Layer::name).toList()
                        : "the layers whose names contain it are " + near));
    }

    /**
     * Returns a layer's Keras index.
     *
     * @param layer a layer of this model
     * @return its position in {@link #layers()}, or -1 for a node that Keras does not list (a Sequential input)
     */
    public int indexOf(Layer layer) {
        requireNode(layer);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == layer) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns a layer by its Keras index path through nested models, as {@code model.layers[1].layers[0]
     * .layers[5]} in Keras: {@code layerAt(1, 0, 5)}. A path ending at a nested model gives the layer that produces
     * its output.
     *
     * @param path one index per level of nesting
     * @return the layer
     * @throws IndexOutOfBoundsException naming the level whose index does not exist
     */
    public Layer layerAt(int... path) {
        if (nesting.isEmpty()) {
            if (path.length != 1) {
                throw new IndexOutOfBoundsException("model '" + name + "' has no nested models; give one index");
            }
            return layer(path[0]);
        }
        return nesting.layerAt(name, path);
    }

    /** @return the input node */
    public Layer input() {
        return input;
    }

    /** @return the output layer */
    public Layer output() {
        return output;
    }

    /** @return the per-sample input shape */
    public Shape inputShape() {
        return input.outputShape();
    }

    /**
     * Checks that a batch fits this model's input, as every backend's forward pass must.
     *
     * @param batch the shape of an input batch, batch axis first
     * @return the batch size
     * @throws ShapeMismatchException naming both shapes when it does not fit
     */
    public int batchSizeOf(Shape batch) {
        if (!fitsWithBatch(batch)) {
            throw new ShapeMismatchException("input of shape " + batch + " does not fit model '" + name
                    + "', which takes " + inputShape().toKerasString() + " (batch first)");
        }
        return batch.dim(0);
    }

    /** Compares dimension by dimension: called every epoch, so it makes no shape of its own. */
    private boolean fitsWithBatch(Shape batch) {
        Shape in = inputShape();
        if (batch.rank() != in.rank() + 1) {
            return false;
        }
        for (int i = 0; i < in.rank(); i++) {
            if (batch.dim(i + 1) != in.dim(i)) {
                return false;
            }
        }
        return true;
    }

    /** @return the per-sample output shape */
    public Shape outputShape() {
        return output.outputShape();
    }

    /**
     * Tells whether a layer is a node of this model's graph.
     *
     * @param layer any layer
     * @return whether it is a node of this graph
     */
    public boolean contains(Layer layer) {
        return byName.get(layer.name()) == layer;
    }

    /** @return the number of parameters of all layers */
    public long parameterCount() {
        return nodes.stream().mapToLong(l -> l.op().parameterCount()).sum();
    }

    /**
     * The partial model whose output is the given layer (after its activation): the layer and every layer that
     * feeds it, with the same input. Keras indices of the kept layers stay in order.
     *
     * @param layer a layer of this model
     * @return the partial model, sharing this model's layers
     */
    public Model truncatedAt(Layer layer) {
        requireNode(layer);
        Set<Layer> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Layer> stack = new ArrayList<>(List.of(layer));
        while (!stack.isEmpty()) {
            Layer l = stack.remove(stack.size() - 1);
            if (keep.add(l)) {
                stack.addAll(l.inbound());
            }
        }
        if (!keep.contains(input)) {
            throw new IllegalArgumentException("layer " + layer + " does not depend on the input of model '" + name + "'");
        }
        return new Model(name, nodes.stream().filter(keep::contains).toList(),
                layers.stream().filter(keep::contains).toList(), input, layer, nesting);
    }

    /**
     * The partial model up to the layer of the given Keras index.
     *
     * @param index a Keras index
     * @return see {@link #truncatedAt(Layer)}
     */
    public Model truncatedAt(int index) {
        return truncatedAt(layer(index));
    }

    /**
     * The partial model up to the named layer.
     *
     * @param layerName a layer name
     * @return see {@link #truncatedAt(Layer)}
     */
    public Model truncatedAt(String layerName) {
        return truncatedAt(layer(layerName));
    }

    /**
     * A copy of this model in which some layers compute with other weights: the same graph, names, activations and
     * shapes. This model is not changed.
     *
     * @param replacements the new operation of each layer to change, by layer of this model
     * @return the copy
     * @throws IllegalArgumentException when a layer is not part of this model or its new operation gives another
     *                                  output shape
     */
    public Model withOps(Map<Layer, LayerOp> replacements) {
        for (Layer l : replacements.keySet()) {
            requireNode(l);
        }
        IdentityHashMap<Layer, Layer> copies = new IdentityHashMap<>();
        for (Layer l : nodes) {
            LayerOp op = replacements.getOrDefault(l, l.op());
            List<Layer> inbound = l.inbound().stream().map(copies::get).toList();
            if (op != l.op()) {
                Shape shape = op.outputShape(l.inbound().stream().map(Layer::outputShape).toList());
                if (!shape.equals(l.outputShape())) {
                    throw new IllegalArgumentException("layer " + l + " would give " + shape + " with its new weights, "
                            + "not " + l.outputShape());
                }
            }
            copies.put(l, new Layer(l.name(), l.kerasClass(), op, l.activation(), inbound, l.outputShape()));
        }
        return new Model(name, nodes.stream().map(copies::get).toList(), layers.stream().map(copies::get).toList(),
                copyOf(copies, input), copyOf(copies, output), nesting.withLayers(l -> copies.getOrDefault(l, l)));
    }

    /** The copy of a node: every node has one once the copying loop is done. */
    private static Layer copyOf(IdentityHashMap<Layer, Layer> copies, Layer node) {
        Layer c = copies.get(node);
        if (c == null) {
            throw new IllegalStateException("no copy of " + node + ": not a node of this model");
        }
        return c;
    }

    /**
     * The nested models this model was flattened from: their path (the prefix of their layers' names, such as
     * {@code sequential_1/model1}) and Keras class.
     *
     * @return path to Keras class; empty for a model without nesting
     */
    public Map<String, String> containers() {
        return nesting.containers();
    }

    /** @return a table like Keras' {@code model.summary()}: layer, class, output shape, parameters, totals */
    public String summary() {
        return ModelSummary.format(this);
    }

    private void requireNode(Layer layer) {
        if (!contains(layer)) {
            throw new IllegalArgumentException("layer " + layer + " is not part of model '" + name + "'");
        }
    }

    @Override
    public String toString() {
        return "Model '" + name + "' " + inputShape() + " -> " + outputShape() + ", " + layers.size() + " layers";
    }

    /**
     * Builds a model graph layer by layer, inferring and checking each layer's shape as it is added, so that a
     * model is either built valid or not at all.
     */
    public static final class Builder {
        private final String name;
        private final Map<String, Layer> nodes = new LinkedHashMap<>();
        private final List<Layer> listed = new ArrayList<>();
        private final Set<Layer> inputs = new HashSet<>();
        private final Nesting.Builder nesting = new Nesting.Builder();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Adds the model's input as a graph node that is not one of Keras' layers (the Sequential convention).
         *
         * @param inputName name of the input
         * @param shape     per-sample shape
         * @return the input node
         */
        public Layer input(String inputName, Shape shape) {
            Layer in = node(inputName, "InputLayer", new LayerOp.Input(shape), Activation.LINEAR, List.of());
            inputs.add(in);
            return in;
        }

        /**
         * Adds the model's input as a listed layer (the functional-model convention: InputLayer is layer 0).
         *
         * @param inputName name of the input
         * @param shape     per-sample shape
         * @return the input layer
         */
        public Layer inputLayer(String inputName, Shape shape) {
            Layer in = input(inputName, shape);
            listed.add(in);
            return in;
        }

        /**
         * Adds a layer.
         *
         * @param layerName  unique name
         * @param kerasClass the Keras class, for messages and the summary
         * @param op         what the layer computes
         * @param activation the activation applied after it
         * @param inbound    the layers feeding it, already added to this builder
         * @return the new layer
         * @throws ShapeMismatchException when the inbound shapes do not fit the operation
         * @throws ModelFormatException   when the name is taken or an inbound layer is not part of this graph
         */
        public Layer add(String layerName, String kerasClass, LayerOp op, Activation activation, Layer... inbound) {
            Layer l = node(layerName, kerasClass, op, activation, List.of(inbound));
            listed.add(l);
            return l;
        }

        private Layer node(String layerName, String kerasClass, LayerOp op, Activation activation, List<Layer> inbound) {
            if (nodes.containsKey(layerName)) {
                throw new ModelFormatException("model '" + name + "': the layer name '" + layerName + "' is used twice");
            }
            for (Layer in : inbound) {
                if (nodes.get(in.name()) != in) {
                    throw new ModelFormatException("model '" + name + "': layer '" + layerName + "' (" + kerasClass
                            + ") takes input from " + in + ", which is not part of this model");
                }
            }
            Shape shape;
            try {
                shape = op.outputShape(inbound.stream().map(Layer::outputShape).toList());
            } catch (IllegalArgumentException e) {
                throw new ShapeMismatchException("model '" + name + "': layer '" + layerName + "' (" + kerasClass
                        + ") " + e.getMessage(), e);
            }
            Layer l = new Layer(layerName, kerasClass, op, activation, inbound, shape);
            nodes.put(layerName, l);
            return l;
        }

        /**
         * Records that the layers named {@code path/...} come from a nested model, for the summary.
         *
         * @param path       the nested model's path, e.g. {@code sequential_1/model1}
         * @param kerasClass its Keras class, e.g. {@code Functional}
         * @return this builder
         */
        public Builder nested(String path, String kerasClass) {
            nesting.container(path, kerasClass);
            return this;
        }

        /**
         * Records the Keras position of a layer in a nested model ({@code container.layers[i]} in Keras): children
         * are numbered in the order they are recorded. A nested model is recorded by the layer that gives its
         * output.
         *
         * @param container the nested model's path, or "" for the model itself
         * @param childName the child's name: a layer's, or a nested model's path
         * @param layer     the child layer, or the nested model's output layer
         * @return this builder
         */
        public Builder child(String container, String childName, Layer layer) {
            nesting.child(container, childName, layer);
            return this;
        }

        /**
         * Finishes the model.
         *
         * @param output the output layer
         * @return the model: the output and every layer that feeds it
         * @throws ModelFormatException when the graph does not have exactly one input
         */
        public Model build(Layer output) {
            if (inputs.size() != 1) {
                throw new ModelFormatException("model '" + name + "' has " + inputs.size()
                        + " inputs; Saliency4J supports models with exactly one input");
            }
            List<Layer> all = new ArrayList<>(nodes.values());
            Layer input = inputs.iterator().next();
            Model full = new Model(name, all, listed, input, all.get(all.size() - 1), nesting.build());
            return full.truncatedAt(output);
        }
    }
}
