/**
 * Feature visualisation that a person can read (Olah, Mordvintsev and Schubert, "Feature Visualization", Distill
 * 2017, and the Lucid library): images parameterised in a decorrelated Fourier space, each step's gradient carried
 * back exactly through every stage.
 */
@NullMarked
package org.saliency4j.vis;

import org.jspecify.annotations.NullMarked;
