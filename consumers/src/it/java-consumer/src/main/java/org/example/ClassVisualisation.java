package org.example;

import org.saliency4j.backend.Backend;
import org.saliency4j.backend.Backends;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.model.Model;
import org.saliency4j.objective.Objectives;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.optim.GradientStep;
import org.saliency4j.optim.Optimization;
import org.saliency4j.optim.OptimizationResult;
import org.saliency4j.tensor.DoubleTensor;
import org.saliency4j.tensor.Shape;

/** A user's class visualisation: from a grey image, the image a model takes for one class. */
public final class ClassVisualisation {
    /** What came out: the class predicted on the final image, its probability, the objective at each epoch. */
    public record Outcome(int predictedClass, float probability, double[] objective) {
    }

    private ClassVisualisation() {
    }

    /** Minimises the class's cross-entropy plus 1e-3 times the image norm, from grey, as the notebook does. */
    public static Outcome run(Model model, int targetClass, int epochs) {
        try (Backend backend = Backends.select("cpu").create(); CompiledModel compiled = backend.compile(model)) {
            SaliencyObjective objective = Objectives.crossEntropy(model.output(), targetClass)
                    .plus(Objectives.l2(1e-3));
            Shape input = model.inputShape();
            int[] dims = new int[input.rank() + 1];
            dims[0] = 1;
            for (int i = 0; i < input.rank(); i++) {
                dims[i + 1] = input.dim(i);
            }
            DoubleTensor grey = DoubleTensor.filled(Shape.of(dims), 0.2);
            OptimizationResult result = Optimization.minimize(new GradientStep(0.05), epochs)
                    .run(compiled, objective, grey);
            try (ForwardPass pass = compiled.forward(result.finalImages().toFloat())) {
                float[] p = pass.output().toArray();
                int best = 0;
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[best]) {
                        best = c;
                    }
                }
                return new Outcome(best, p[best], result.objective(0));
            }
        }
    }
}
