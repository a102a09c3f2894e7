/**
 * Gradient-based optimisation of input images: the {@link org.saliency4j.optim.Optimizer}s (plain gradient steps
 * as the notebook takes them, momentum, Adam) and {@link org.saliency4j.optim.Optimization}, the loop that runs a
 * compiled model, evaluates objectives, back-propagates to the images and records a per-epoch history.
 */
@NullMarked
package org.saliency4j.optim;

import org.jspecify.annotations.NullMarked;
