/**
 * Saliency4J: class-model visualisation and saliency maps for Keras models on the JVM.
 *
 * <p>This package holds what every other package shares: the exception tree rooted at
 * {@link org.saliency4j.SaliencyException} and {@link org.saliency4j.Saliency4jHome}, which finds the user's
 * models and data sets. The model graph is in {@code org.saliency4j.model}, tensors in
 * {@code org.saliency4j.tensor}, Keras import in {@code org.saliency4j.keras} and the backend plug-in interface in
 * {@code org.saliency4j.backend}.
 */
@NullMarked
package org.saliency4j;

import org.jspecify.annotations.NullMarked;
