package org.saliency4j.backend;

/**
 * How a backward pass goes back through ReLU activations: the {@code relu} activation of any layer, and ReLU
 * layers without a negative slope (their {@code max_value} and {@code threshold} kept). Every other layer is
 * differentiated as it is. With {@code x} the activation's input and {@code g} the gradient at its output:
 */
public enum BackwardRule {
    /** The derivative: {@code g} where the ReLU passes {@code x}, 0 elsewhere. */
    STANDARD,
    /**
     * Guided backpropagation (Springenberg et al. 2015, "Striving for Simplicity: The All Convolutional Net"): the
     * standard gradient where it is positive, 0 elsewhere, so {@code g} passes where {@code x > 0} and {@code g > 0}.
     */
    GUIDED,
    /**
     * The deconvnet's rule (Zeiler and Fergus 2014, "Visualizing and Understanding Convolutional Networks"): the
     * ReLU applied to the gradient, {@code max(g, 0)}, whatever {@code x} was.
     */
    DECONVNET,
    /**
     * Lucid's redirected ReLU gradient (lucid/misc/redirected_relu_grad.py), for feature visualisation from a grey
     * start, where every unit of a layer may be off and the standard gradient 0: the standard gradient where it is
     * not 0, else {@code max(g, 0)}, so that a gradient that would switch an off unit on passes through it. The
     * gradient of a value to be maximised; a run uses it for its first steps only.
     */
    REDIRECTED
}
