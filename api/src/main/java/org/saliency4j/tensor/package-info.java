/**
 * Immutable shapes and float32 tensors in Keras' channels-last layout (batch, height, width, channels).
 */
@NullMarked
package org.saliency4j.tensor;

import org.jspecify.annotations.NullMarked;
