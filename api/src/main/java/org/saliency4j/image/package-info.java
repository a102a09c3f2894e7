/**
 * Images in and pictures out: {@link org.saliency4j.image.Images} reads a user's image file into a model's input
 * (resized, optionally centre-cropped, scaled by a {@link org.saliency4j.image.PixelScaling});
 * {@link org.saliency4j.image.Heatmaps} turns attribution maps into pictures (normalised for display, coloured,
 * over the image, in a grid).
 */
@NullMarked
package org.saliency4j.image;

import org.jspecify.annotations.NullMarked;
