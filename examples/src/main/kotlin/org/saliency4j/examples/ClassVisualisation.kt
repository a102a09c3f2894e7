package org.saliency4j.examples

import java.nio.file.Path
import org.saliency4j.Saliency4jHome
import org.saliency4j.backend.Backends
import org.saliency4j.keras.KerasModels
import org.saliency4j.kotlin.crossEntropy
import org.saliency4j.kotlin.forward
import org.saliency4j.kotlin.imageNorm
import org.saliency4j.kotlin.shapeOf
import org.saliency4j.kotlin.times
import org.saliency4j.optim.GradientStep
import org.saliency4j.optim.Optimization
import org.saliency4j.tensor.DoubleTensor

/**
 * A class-model visualisation (Simonyan et al. 2013) written in Kotlin against the public API and the
 * saliency4j-kotlin extensions: load the model, compose the objective with operators, minimise it from a grey
 * image, predict on the result.
 */
object ClassVisualisation {
    /** What the run found: the class predicted on the final image and its probability, and the objective curve. */
    data class Outcome(val predictedClass: Int, val probability: Double, val objective: DoubleArray, val formula: String)

    @JvmStatic
    fun run(modelFile: Path, targetClass: Int, epochs: Int, progress: (Int, Double) -> Unit = { _, _ -> }): Outcome {
        val model = KerasModels.load(modelFile)
        Backends.select("cpu").create().use { backend ->
            backend.compile(model).use { compiled ->
                // The notebook's objective: the class's cross-entropy plus 1e-3 times the image's norm.
                val objective = crossEntropy(model.output(), targetClass) + 1e-3 * imageNorm()
                val grey = DoubleTensor.filled(shapeOf(1, 32, 32, 3), 0.2)
                val result = Optimization.minimize(GradientStep(0.05), epochs)
                    .withListener { event -> progress(event.epoch(), event.objective(0)) }
                    .run(compiled, objective, grey)
                val probabilities = compiled.forward(result.finalImages()).use { it.output().toArray() }
                val best = probabilities.indices.maxByOrNull { probabilities[it] } ?: 0
                return Outcome(best, probabilities[best].toDouble(), result.objective(0), objective.toString())
            }
        }
    }
}

/** `java -cp saliency4j-examples.jar org.saliency4j.examples.ClassVisualisationKt [class] [model.h5] [epochs]` */
fun main(args: Array<String>) {
    val target = args.getOrNull(0)?.toInt() ?: 3
    val model = args.getOrNull(1)?.let { Path.of(it) } ?: Saliency4jHome.resolve().models().resolve("CIFAR-10_CNN5.h5")
    val epochs = args.getOrNull(2)?.toInt() ?: 100
    val outcome = ClassVisualisation.run(model, target, epochs) { epoch, value ->
        if (epoch % 20 == 0) println("epoch $epoch: ${"%.4f".format(value)}")
    }
    println("${outcome.formula}: predicted class ${outcome.predictedClass} with probability ${"%.4f".format(outcome.probability)}")
}
