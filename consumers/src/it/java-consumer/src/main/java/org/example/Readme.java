package org.example;

import java.awt.image.BufferedImage;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.Target;
import org.saliency4j.image.Heatmaps;
import org.saliency4j.image.Images;
import org.saliency4j.image.PixelScaling;
import java.nio.file.Path;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.Backends;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.objective.Objectives;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.optim.GradientStep;
import org.saliency4j.optim.Optimization;
import org.saliency4j.optim.OptimizationResult;
import org.saliency4j.tensor.DoubleTensor;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * The README's Java snippets, word for word (the main build's ReadmeSnippetsTest checks that), in methods that
 * give them their inputs and hand back what they compute.
 */
public final class Readme {
    private Readme() {
    }

    /** "Using the library", first snippet: a class visualisation; returns the model's probabilities on it. */
    public static float[] classVisualisation(Path file) throws IOException {
        Model model = KerasModels.load(file);
        try (Backend backend = Backends.select().create();
             CompiledModel compiled = backend.compile(model)) {
            // The image the model finds most "cat" (class 3), from grey (Simonyan et al. 2013).
            SaliencyObjective objective = Objectives.crossEntropy(model.output(), 3).plus(Objectives.l2(1e-3));
            DoubleTensor grey = DoubleTensor.filled(Shape.of(1, 32, 32, 3), 0.2);
            OptimizationResult result = Optimization.minimize(new GradientStep(0.05), 50).run(compiled, objective, grey);
            try (ForwardPass pass = compiled.forward(result.finalImages().toFloat())) {
                float[] probabilities = pass.output().toArray();    // (1, 10): the model's answer on the image
                return probabilities;
            }
        }
    }

    /** "Attribution maps": Integrated Gradients of an image file's top prediction, as numbers and as a picture. */
    public static Attribution attribution(Path file, Path imageFile) throws IOException {
        Model model = KerasModels.load(file);
        try (Backend backend = Backends.select().create();
             CompiledModel compiled = backend.compile(model)) {
            Tensor image = Images.read(imageFile, model.inputShape(), PixelScaling.unit(), Images.Fit.STRETCH);
            Attribution ig = Attributions.integratedGradients().explain(compiled, image, Target.top1()).get(0);
            BufferedImage picture = Heatmaps.overlay(Images.picture(imageFile, model.inputShape(), Images.Fit.STRETCH),
                    Heatmaps.colour(ig.map(), true), 0.6);
            ImageIO.write(picture, "png", imageFile.resolveSibling("ig.png").toFile());
            return ig;
        }
    }

    /** "Using the library", second snippet: a layer's activation and its gradient with respect to the input. */
    public static Tensor[] layerGradient(Path file, Tensor images, Tensor dObjectiveDActivation) throws IOException {
        Model model = KerasModels.load(file);
        Model upToConv1 = model.truncatedAt(2);                    // the notebook's "partial model up to layer 2"
        try (Backend backend = Backends.select().create();
             CompiledModel compiled = backend.compile(upToConv1);
             ForwardPass pass = compiled.forward(images)) {       // (batch, 32, 32, 3)
            Tensor activation = pass.output();                     // (batch, 13, 13, 64)
            Tensor gradient = pass.inputGradient(upToConv1.output(), dObjectiveDActivation);
            return new Tensor[] {activation, gradient};
        }
    }
}
