@file:JvmName("KotlinObjectives")

package org.saliency4j.kotlin

import org.saliency4j.model.Layer
import org.saliency4j.objective.Objectives
import org.saliency4j.objective.SaliencyObjective

/*
 * The objectives of org.saliency4j.objective.Objectives as top-level functions, with their numbers taken as any
 * Number, so that `crossEntropy(model.output(), 3) + 1e-3 * imageNorm()` compiles. Each calls the Java factory of the
 * same name; the formulas, defaults and toString() are the Java API's.
 */

/** [Objectives.crossEntropy]: the cross-entropy of a softmax layer's output against one class. */
public fun crossEntropy(softmaxLayer: Layer, classIndex: Int): SaliencyObjective =
    Objectives.crossEntropy(softmaxLayer, classIndex)

/** [Objectives.layerNorm]: the Frobenius norm of a layer's output (after its activation). */
public fun layerNorm(layer: Layer): SaliencyObjective = Objectives.layerNorm(layer)

/** [Objectives.unitNorm]: the norm of one unit (a channel's map, or a dense unit) of a layer's output. */
public fun unitNorm(layer: Layer, unit: Int): SaliencyObjective = Objectives.unitNorm(layer, unit)

/** [Objectives.imageNorm]: the Euclidean norm of the image itself. */
public fun imageNorm(): SaliencyObjective = Objectives.imageNorm()

/** [Objectives.l2]: the notebook's regulariser, `lambda` times the image's L2 norm; `l2(1)` compiles too. */
public fun l2(lambda: Number): SaliencyObjective = Objectives.l2(lambda.toDouble())

/** `2 * objective`, `0.5 * objective`: [SaliencyObjective.times] with the number on the left. */
public operator fun Number.times(objective: SaliencyObjective): SaliencyObjective = objective.times(toDouble())

/** `objective * 2`: [SaliencyObjective.times] with a number of any type (the Java method takes a double). */
public operator fun SaliencyObjective.times(factor: Number): SaliencyObjective = times(factor.toDouble())

/** `objective / 2`: [SaliencyObjective.times] by the reciprocal. */
public operator fun SaliencyObjective.div(divisor: Number): SaliencyObjective = times(1.0 / divisor.toDouble())
