package org.saliency4j.backend;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;

/**
 * A model's nodes numbered in graph order, with each node's inbound nodes as numbers: the bookkeeping every
 * backend's forward and backward walk needs.
 */
public final class NodeIndex {
    private final Model model;
    private final List<Layer> nodes;
    private final IdentityHashMap<Layer, Integer> index = new IdentityHashMap<>();
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

    /**
     * Checks the layers of a backward pass and returns the number of the node it ends at.
     *
     * @param from the layer where the gradient is given
     * @param at   the value of {@code from} it is given at
     * @param to   the layer at whose output it ends
     * @return the number of {@code to}
     * @throws IllegalArgumentException when either is not a node of this model, or when {@code to} is neither a
     *                                  layer that {@code from} depends on nor {@code from} itself at its output
     */
    public int backwardTarget(Layer from, LayerValue at, Layer to) {
        int start = indexOf(from);
        int end = indexOf(to);
        if (start == end && at == LayerValue.OUTPUT) {
            return end;
        }
        boolean[] reached = new boolean[start + 1];
        reached[start] = true;
        for (int i = start; i > end; i--) {
            if (reached[i]) {
                for (int k : inbound[i]) {
                    reached[k] = true;
                }
            }
        }
        if (end > start || !reached[end] || start == end) {
            throw new IllegalArgumentException("a gradient given at the " + (at == LayerValue.OUTPUT ? "output"
                    : "pre-activation value") + " of layer " + from + " cannot be taken back to the output of layer "
                    + to + ": " + (start == end ? "the value before an activation comes before its output"
                    : "the first does not depend on the second"));
        }
        return end;
    }

    /**
     * Says whether a {@link BackwardRule} other than the standard one changes how a backward pass goes through a
     * node's activation: its activation is {@code relu}.
     *
     * @param i the node's number
     * @return whether the rules apply to its activation
     */
    public boolean ruleAppliesToActivation(int i) {
        return nodes.get(i).activation() == Activation.RELU;
    }

    /**
     * Says whether a {@link BackwardRule} other than the standard one changes how a backward pass goes through a
     * node's operation: it is a ReLU layer without a negative slope (LeakyReLU and the like keep their gradient).
     *
     * @param i the node's number
     * @return whether the rules apply to its operation
     */
    public boolean ruleAppliesToOperation(int i) {
        return nodes.get(i).op() instanceof LayerOp.Relu r && r.negativeSlope() == 0;
    }
}
