package org.example

import java.nio.file.Path
import org.saliency4j.attribution.Attribution
import org.saliency4j.attribution.Attributions
import org.saliency4j.attribution.Target
import org.saliency4j.backend.Backends
import org.saliency4j.image.Images
import org.saliency4j.image.PixelScaling
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
 * The README's Kotlin snippet, word for word (the main build's ReadmeSnippetsTest checks that), in a function that
 * hands back the model's probabilities on the final image.
 */
fun classVisualisation(file: Path): FloatArray {
    val model = KerasModels.load(file)
    Backends.select().create().use { backend ->
        backend.compile(model).use { compiled ->
            val objective = crossEntropy(model.output(), 3) + 1e-3 * imageNorm()   // "cat", as in Java
            val grey = DoubleTensor.filled(shapeOf(1, 32, 32, 3), 0.2)
            val result = Optimization.minimize(GradientStep(0.05), 50).run(compiled, objective, grey)
            val probabilities = compiled.forward(result.finalImages()).use { it.output().toArray() }
            return probabilities
        }
    }
}

/** "Attribution maps", in Kotlin: Grad-CAM of an image file's top prediction. */
fun gradCam(file: Path, imageFile: Path): Attribution {
    val model = KerasModels.load(file)
    Backends.select().create().use { backend ->
        backend.compile(model).use { compiled ->
            val image = Images.read(imageFile, model.inputShape(), PixelScaling.unit(), Images.Fit.STRETCH)
            val cam = Attributions.gradCam().explain(compiled, image, Target.top1()).first()
            return cam
        }
    }
}
