package org.saliency4j.backend;

/** Which value of a layer: its output, after its activation, or the value before its activation. */
public enum LayerValue {
    /** The layer's output, after its activation (what the next layer reads). */
    OUTPUT,
    /** The value before the layer's activation: the logits of a softmax layer; the output where it is linear. */
    PRE_ACTIVATION
}
