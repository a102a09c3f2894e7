package org.saliency4j.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The activation functions that a Keras layer can apply to its output ({@code activation=...}), with Keras'
 * definitions and default parameters.
 */
public enum Activation {
    /** {@code x}. */
    LINEAR("linear"),
    /** {@code max(x, 0)}. */
    RELU("relu"),
    /** {@code exp(x_i) / sum_j exp(x_j)} over the last axis. */
    SOFTMAX("softmax"),
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID("sigmoid"),
    /** Hyperbolic tangent. */
    TANH("tanh"),
    /** {@code x} for {@code x > 0}, else {@code exp(x) - 1} (Keras' alpha = 1; Clevert et al. 2015). */
    ELU("elu"),
    /**
     * {@code SELU_SCALE * x} for {@code x > 0}, else {@code SELU_SCALE * SELU_ALPHA * (exp(x) - 1)}
     * (Klambauer et al. 2017).
     */
    SELU("selu"),
    /** {@code log(exp(x) + 1)}. */
    SOFTPLUS("softplus"),
    /** {@code x * sigmoid(x)} (Ramachandran et al. 2017); Keras 3 also calls it "silu". */
    SWISH("swish");

    /** SELU's alpha: the double nearest the constant of Klambauer et al. 2017, 1.6732632423543772848... */
    public static final double SELU_ALPHA = 1.6732632423543772;
    /** SELU's scale: the double nearest the constant of Klambauer et al. 2017, 1.0507009873554804934... */
    public static final double SELU_SCALE = 1.0507009873554805;

    private final String kerasName;

    Activation(String kerasName) {
        this.kerasName = kerasName;
    }

    /** @return the name Keras uses in a layer configuration */
    public String kerasName() {
        return kerasName;
    }

    /**
     * Looks up an activation by its Keras name.
     *
     * @param name e.g. {@code "relu"}; {@code "silu"} is read as {@link #SWISH}
     * @return the activation, or empty when Saliency4J does not support it
     */
    public static Optional<Activation> fromKeras(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("silu")) {
            return Optional.of(SWISH);
        }
        return Arrays.stream(values()).filter(a -> a.kerasName.equals(n)).findFirst();
    }

    /** @return the Keras names of every supported activation, for error messages */
    public static List<String> kerasNames() {
        return Arrays.stream(values()).map(Activation::kerasName).toList();
    }
}
