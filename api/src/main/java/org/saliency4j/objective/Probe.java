package org.saliency4j.objective;

import org.saliency4j.model.Layer;

/**
 * A value an objective reads: a layer's output (after its activation) or its pre-activation (the logits of a
 * softmax layer).
 *
 * @param layer the layer
 * @param stage which of its two values
 */
public record Probe(Layer layer, Stage stage) {

    /** Which value of a layer. */
    public enum Stage {
        /** The layer's output, after its activation. */
        OUTPUT,
        /** The value before the activation: the logits of a softmax layer. */
        PRE_ACTIVATION
    }

    /**
     * The output of a layer.
     *
     * @param layer the layer
     * @return the probe
     */
    public static Probe output(Layer layer) {
        return new Probe(layer, Stage.OUTPUT);
    }

    /**
     * The value of a layer before its activation.
     *
     * @param layer the layer
     * @return the probe
     */
    public static Probe preActivation(Layer layer) {
        return new Probe(layer, Stage.PRE_ACTIVATION);
    }

    @Override
    public String toString() {
        return stage == Stage.OUTPUT ? layer.name() : layer.name() + " (before " + layer.activation().kerasName() + ")";
    }
}
