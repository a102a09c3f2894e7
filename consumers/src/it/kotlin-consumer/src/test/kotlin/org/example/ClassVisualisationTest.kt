package org.example

import java.nio.file.Files
import java.util.Random
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions
import org.junit.jupiter.api.Test
import org.saliency4j.Saliency4jHome
import org.saliency4j.kotlin.shapeOf
import org.saliency4j.model.Activation
import org.saliency4j.model.LayerOp
import org.saliency4j.model.Model
import org.saliency4j.model.Padding
import org.saliency4j.tensor.Tensor

/** The published API and its Kotlin extensions, used from a separate Kotlin project. */
class ClassVisualisationTest {
    private fun weights(random: Random, vararg dims: Int): Tensor =
        Tensor.of(shapeOf(*dims), *FloatArray(shapeOf(*dims).size()) { (random.nextGaussian() * 0.3).toFloat() })

    /** A small convolutional classifier with seeded weights: 8x8x3 images, 3 classes. */
    private fun smallModel(): Model {
        val random = Random(7)
        val b = Model.builder("small")
        val input = b.input("in", shapeOf(8, 8, 3))
        val conv = b.add("conv", "Conv2D", LayerOp.Conv2D(weights(random, 3, 3, 3, 4), weights(random, 4), 1, 1,
            Padding.VALID), Activation.RELU, input)
        val flat = b.add("flat", "Flatten", LayerOp.Flatten(), Activation.LINEAR, conv)
        val out = b.add("out", "Dense", LayerOp.Dense(weights(random, 6 * 6 * 4, 3), weights(random, 3)),
            Activation.SOFTMAX, flat)
        return b.build(out)
    }

    @Test
    fun aClassVisualisationMakesTheModelSeeItsClass() {
        for (target in 0 until 3) {
            val outcome = visualise(smallModel(), target, 50)
            assertEquals(target, outcome.predictedClass, "class predicted on the image made for class $target")
            assertTrue(outcome.objective.last() < outcome.objective.first(), "the objective went down")
            assertTrue(outcome.lastGradientKept, "gradientOrNull: kept at the last epoch only")
        }
    }

    @Test
    fun gradCamOfTheSmallModelComesFromItsConvolution() {
        val model = smallModel()
        val picture = java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB)
        val image = org.saliency4j.image.Images.of(picture, model.inputShape(), org.saliency4j.image.PixelScaling.unit(),
            org.saliency4j.image.Images.Fit.STRETCH, "black")
        org.saliency4j.backend.Backends.select("cpu").create().use { backend ->
            backend.compile(model).use { compiled ->
                val maps = org.saliency4j.attribution.Attributions.gradCam()
                    .explain(compiled, image, org.saliency4j.attribution.Target.classIndex(0))
                assertEquals(shapeOf(8, 8), maps.single().map().shape())
                assertEquals("conv", maps.single().details()["layer"])
            }
        }
    }

    @Test
    fun theReadmeSnippetRunsOnTheNotebookModel() {
        val cnn5 = Saliency4jHome.resolve().models().resolve("CIFAR-10_CNN5.h5")
        Assumptions.assumeTrue(Files.exists(cnn5), "$cnn5 not found; set SALIENCY4J_HOME to run this test")
        val p = classVisualisation(cnn5)
        assertEquals(10, p.size)
        assertEquals(3, p.indices.maxByOrNull { p[it] }, "class 3 (cat) is the most probable")
        val png = java.nio.file.Files.createTempDirectory("consumer").resolve("grey.png")
        javax.imageio.ImageIO.write(java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB),
            "png", png.toFile())
        assertEquals(shapeOf(32, 32), gradCam(cnn5, png).map().shape())
    }
}
