/**
 * The pure-Java backend: forward and input-backward of every supported layer in plain loops, always available,
 * and the specification that faster backends are tested against.
 *
 * <p>Each kernel class holds a layer's forward pass and, beside it, the backward pass that uses what the forward
 * pass kept (a ReLU's output, a max-pool's argmax). Every output element is accumulated in one fixed order, the
 * same at every position, in float32 as TensorFlow computes.
 */
@NullMarked
package org.saliency4j.cpu;

import org.jspecify.annotations.NullMarked;
