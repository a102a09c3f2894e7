@file:JvmName("KotlinTensors")

package org.saliency4j.kotlin

import org.saliency4j.backend.CompiledModel
import org.saliency4j.backend.ForwardPass
import org.saliency4j.objective.SaliencyObjective
import org.saliency4j.optim.Optimization
import org.saliency4j.optim.OptimizationResult
import org.saliency4j.tensor.DoubleTensor
import org.saliency4j.tensor.Shape
import org.saliency4j.tensor.Tensor

/*
 * The two tensor types meet where a user holds one and a method wants the other: float32 Tensors go into and come
 * out of a model, double-precision DoubleTensors hold the images an optimisation moves. These conversions and
 * overloads are the Java API's own (Tensor.ofDoubles rounding, DoubleTensor.fromFloat widening).
 */

/** `shapeOf(1, 32, 32, 3)`: [Shape.of]. */
public fun shapeOf(vararg dims: Int): Shape = Shape.of(*dims)

/** This float32 tensor widened to double precision, exactly ([DoubleTensor.fromFloat]). */
public fun Tensor.toDoubleTensor(): DoubleTensor = DoubleTensor.fromFloat(this)

/** This tensor rounded to float32 as the model sees it ([DoubleTensor.toFloat]). */
public fun DoubleTensor.toTensor(): Tensor = toFloat()

/** Runs the model on double-precision images, rounded to float32 first as an optimisation does. */
public fun CompiledModel.forward(images: DoubleTensor): ForwardPass = forward(images.toFloat())

/** Runs the optimisation from float32 start images (widened exactly to double precision). */
public fun Optimization.run(model: CompiledModel, objective: SaliencyObjective, start: Tensor): OptimizationResult =
    run(model, objective, start.toDoubleTensor())

/** The gradient kept at an epoch, or null where none was kept ([OptimizationResult.gradient] without Optional). */
public fun OptimizationResult.gradientOrNull(epoch: Int): DoubleTensor? = gradient(epoch).orElse(null)
