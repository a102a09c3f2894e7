/**
 * Import of Keras model files: {@link org.saliency4j.keras.KerasModels#load(java.nio.file.Path)} reads a
 * Keras 2 / tf.keras HDF5 file ({@code model.save('x.h5')}) with jHDF into a checked
 * {@link org.saliency4j.model.Model}.
 */
@NullMarked
package org.saliency4j.keras;

import org.jspecify.annotations.NullMarked;
