package org.saliency4j.kotlin

import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.saliency4j.backend.Backends
import org.saliency4j.backend.CompiledModel
import org.saliency4j.model.Activation
import org.saliency4j.model.Layer
import org.saliency4j.model.LayerOp
import org.saliency4j.model.Model
import org.saliency4j.objective.Objectives
import org.saliency4j.objective.SaliencyObjective
import org.saliency4j.optim.GradientStep
import org.saliency4j.optim.Optimization
import org.saliency4j.tensor.DoubleTensor
import org.saliency4j.tensor.Tensor
import kotlin.math.sin

/**
 * The extensions are the Java API seen from Kotlin: each operator and overload must give the same objective (its
 * formula, and the same numbers when optimised) as the Java call it stands for.
 */
class KotlinExtensionsTest {
    private val model: Model
    private val softmax: Layer

    init {
        val b = Model.builder("tiny")
        val input = b.input("in", shapeOf(2, 2, 3))
        val flat = b.add("flat", "Flatten", LayerOp.Flatten(), Activation.LINEAR, input)
        val kernel = FloatArray(12 * 4) { sin(it.toDouble()).toFloat() }
        softmax = b.add("out", "Dense", LayerOp.Dense(Tensor.of(shapeOf(12, 4), *kernel), null), Activation.SOFTMAX, flat)
        model = b.build(softmax)
    }

    private fun <T> withCompiled(block: (CompiledModel) -> T): T =
        Backends.select("cpu").create().use { backend -> backend.compile(model).use(block) }

    /** The objective values of a short descent from a fixed start: equal arrays mean equal objectives. */
    private fun history(objective: SaliencyObjective): DoubleArray = withCompiled { compiled ->
        val start = DoubleTensor.of(shapeOf(1, 2, 2, 3), *DoubleArray(12) { 0.1 * it - 0.5 })
        Optimization.minimize(GradientStep(0.1), 5).run(compiled, objective, start).objective(0)
    }

    @Test
    fun numbersOfAnyTypeScaleObjectivesAsTheJavaTimesDoes() {
        val java = Objectives.crossEntropy(softmax, 2).times(2.0)
        for (kotlin in listOf(2 * crossEntropy(softmax, 2), crossEntropy(softmax, 2) * 2, 2.0 * crossEntropy(softmax, 2),
            2f * crossEntropy(softmax, 2), 2L * crossEntropy(softmax, 2))) {
            assertThat(kotlin.toString()).isEqualTo(java.toString())
            assertThat(history(kotlin)).containsExactly(*history(java))
        }
        assertThat((crossEntropy(softmax, 2) / 4).toString()).isEqualTo(Objectives.crossEntropy(softmax, 2).times(0.25).toString())
    }

    @Test
    fun theNotebooksObjectiveReadsAsAFormula() {
        val kotlin = crossEntropy(softmax, 1) + 1e-3 * l2(1)
        val java = Objectives.crossEntropy(softmax, 1).plus(Objectives.l2(1.0).times(1e-3))
        assertThat(kotlin.toString()).isEqualTo(java.toString())
        assertThat(history(kotlin)).containsExactly(*history(java))
        assertThat(l2(1).toString()).isEqualTo(Objectives.l2(1.0).toString())
        assertThat((layerNorm(softmax) - imageNorm()).toString())
            .isEqualTo(Objectives.layerNorm(softmax).minus(Objectives.imageNorm()).toString())
        assertThat(unitNorm(softmax, 3).toString()).isEqualTo(Objectives.unitNorm(softmax, 3).toString())
    }

    @Test
    fun gradientOrNullIsTheKeptGradientOrNull() {
        val result = withCompiled { compiled ->
            Optimization.minimize(GradientStep(0.1), 4).withGradientsKeptAt(2)
                .run(compiled, crossEntropy(softmax, 0), DoubleTensor.filled(shapeOf(1, 2, 2, 3), 0.2))
        }
        assertThat(result.gradientOrNull(2)).isEqualTo(result.gradient(2).orElseThrow())
        assertThat(result.gradientOrNull(1)).isNull()
    }

    @Test
    fun eitherTensorTypeGoesWhereTheOtherIsExpected() {
        val doubles = DoubleTensor.of(shapeOf(1, 2, 2, 3), *DoubleArray(12) { 0.3 * it - 1.0 + 1e-9 })
        val floats = doubles.toTensor()
        assertThat(floats).isEqualTo(Tensor.ofDoubles(doubles.shape(), *doubles.toArray()))
        assertThat(floats.toDoubleTensor().toTensor()).isEqualTo(floats)
        withCompiled { compiled ->
            val fromDoubles = compiled.forward(doubles).use { it.output() }
            val fromFloats = compiled.forward(floats).use { it.output() }
            assertThat(fromDoubles).isEqualTo(fromFloats)
            val objective = crossEntropy(softmax, 3)
            val run = Optimization.minimize(GradientStep(0.1), 3)
            assertThat(run.run(compiled, objective, floats).finalImages())
                .isEqualTo(run.run(compiled, objective, floats.toDoubleTensor()).finalImages())
        }
    }
}
