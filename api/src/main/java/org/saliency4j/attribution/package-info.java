/**
 * Attribution maps: which parts of an image a model's prediction depends on. Each method is a small immutable
 * configuration ({@link org.saliency4j.attribution.Attributions} makes them) whose
 * {@link org.saliency4j.attribution.AttributionMethod#explain explain} takes a compiled model, a batch of images in
 * model-input form and a {@link org.saliency4j.attribution.Target}, and returns one
 * {@link org.saliency4j.attribution.Attribution} per image. The score explained is the target class's logit, the
 * value that feeds the softmax (the probability saturates where the logit does not).
 */
@NullMarked
package org.saliency4j.attribution;

import org.jspecify.annotations.NullMarked;
