package org.example

import org.saliency4j.backend.Backends
import org.saliency4j.kotlin.crossEntropy
import org.saliency4j.kotlin.forward
import org.saliency4j.kotlin.gradientOrNull
import org.saliency4j.kotlin.l2
import org.saliency4j.kotlin.shapeOf
import org.saliency4j.kotlin.times
import org.saliency4j.model.Model
import org.saliency4j.optim.GradientStep
import org.saliency4j.optim.Optimization
import org.saliency4j.tensor.DoubleTensor

/** What a class visualisation found: the class predicted on the final image, and the objective at each epoch. */
data class Outcome(val predictedClass: Int, val objective: DoubleArray, val lastGradientKept: Boolean)

/** From a grey image, the image a model takes for one class: cross-entropy plus 1e-3 times the image norm. */
fun visualise(model: Model, targetClass: Int, epochs: Int): Outcome =
    Backends.select("cpu").create().use { backend ->
        backend.compile(model).use { compiled ->
            val objective = crossEntropy(model.output(), targetClass) + 0.001 * l2(1)
            val dims = intArrayOf(1) + IntArray(model.inputShape().rank()) { model.inputShape().dim(it) }
            val result = Optimization.minimize(GradientStep(0.05), epochs).withGradientsKeptAt(epochs - 1)
                .run(compiled, objective, DoubleTensor.filled(shapeOf(*dims), 0.2))
            val p = compiled.forward(result.finalImages()).use { it.output().toArray() }
            Outcome(p.indices.maxByOrNull { p[it] } ?: -1, result.objective(0),
                result.gradientOrNull(epochs - 1) != null && result.gradientOrNull(0) == null)
        }
    }
