package org.saliency4j.model;

import java.util.List;
import org.saliency4j.tensor.Shape;

/**
 * One node of a model graph: a Keras layer with its operation, its activation, the layers that feed it and its
 * inferred per-sample output shape.
 *
 * <p>Layers are compared by identity: two layers with the same configuration in one graph are two nodes.
 * They are made only by {@link Model.Builder}, which checks every shape.
 */
public final class Layer {
    private final String name;
    private final String kerasClass;
    private final LayerOp op;
    private final Activation activation;
    private final List<Layer> inbound;
    private final Shape outputShape;

    Layer(String name, String kerasClass, LayerOp op, Activation activation, List<Layer> inbound, Shape outputShape) {
        this.name = name;
        this.kerasClass = kerasClass;
        this.op = op;
        this.activation = activation;
        this.inbound = List.copyOf(inbound);
        this.outputShape = outputShape;
    }

    /** @return the layer's unique name in its model, as Keras names it */
    public String name() {
        return name;
    }

    /** @return the Keras class the layer was read from, e.g. {@code "Conv2D"} */
    public String kerasClass() {
        return kerasClass;
    }

    /** @return what the layer computes, before its activation */
    public LayerOp op() {
        return op;
    }

    /** @return the activation applied to the operation's result; {@link Activation#LINEAR} for none */
    public Activation activation() {
        return activation;
    }

    /** @return the layers whose outputs feed this one, in order; empty for an input */
    public List<Layer> inbound() {
        return inbound;
    }

    /** @return the per-sample output shape (the same before and after the activation) */
    public Shape outputShape() {
        return outputShape;
    }

    /** @return whether this layer is a model input */
    public boolean isInput() {
        return op instanceof LayerOp.Input;
    }

    /** @return {@code name (KerasClass)}, as in a Keras summary */
    @Override
    public String toString() {
        return name + " (" + kerasClass + ")";
    }
}
