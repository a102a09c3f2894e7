package org.saliency4j.backend;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;

/**
 * A model's nodes numbered in graph order, with each node's inbound nodes as numbers: the bookkeeping every
 * backend's forward and backward walk needs.
 */
public final class NodeIndex {
    private final Model model;
    private final List<Layer> nodes;
    private final Map<Layer, Integer> index = new IdentityHashMap<>();
    private final int[][] inbound;

    /**
     * Numbers the nodes of a model.
     *
     * @param model the model
     */
    public NodeIndex(Model model) {
        this.model = model;
        this.nodes = model.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i), i);
        }
        inbound = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            inbound[i] = nodes.get(i).inbound().stream().mapToInt(index::get).toArray();
        }
    }

    /** @return the number of nodes */
    public int size() {
        return nodes.size();
    }

    /**
     * Returns a node.
     *
     * @param i its number, in graph order
     * @return the node
     */
    public Layer node(int i) {
        return nodes.get(i);
    }

    /**
     * Returns a node's number.
     *
     * @param layer a node of the model
     * @return its number
     * @throws IllegalArgumentException when the layer is not a node of this model
     */
    public int indexOf(Layer layer) {
        Integer i = index.get(layer);
        if (i == null) {
            throw new IllegalArgumentException("layer " + layer + " is not part of compiled model '" + model.name()
                    + "' (a layer of another or of a truncated model?)");
        }
        return i;
    }

    /**
     * Returns the numbers of the nodes feeding a node.
     *
     * @param i the node's number
     * @return its inbound nodes' numbers, in order; empty for an input. Not to be modified.
     */
    public int[] inbound(int i) {
        return inbound[i];
    }
}
