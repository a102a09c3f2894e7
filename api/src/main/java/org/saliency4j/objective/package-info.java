/**
 * Saliency objectives: scalar functions of a layer's activations (and, for regularisers, of the input image),
 * with their gradients, that compose like numbers ({@code a.plus(b.times(0.5))}, or {@code a + 0.5 * b} in
 * Kotlin) and print their own formula.
 *
 * <p>An objective is neither maximised nor minimised by itself: the {@link org.saliency4j.optim.Goal} of an
 * {@link org.saliency4j.optim.Optimization} says which, and is the one place where a sign is flipped.
 * The built-ins are in {@link org.saliency4j.objective.Objectives}.
 */
@NullMarked
package org.saliency4j.objective;

import org.jspecify.annotations.NullMarked;
