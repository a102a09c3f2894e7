/**
 * The model graph: a directed acyclic graph of {@link org.saliency4j.model.Layer}s, addressable by Keras index and
 * by name, with every shape inferred and checked when the graph is built.
 *
 * <p>A {@link org.saliency4j.model.LayerOp} says what a layer computes and holds its weights; backends turn these
 * descriptions into kernels.
 */
@NullMarked
package org.saliency4j.model;

import org.jspecify.annotations.NullMarked;
