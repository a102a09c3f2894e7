package org.saliency4j.trust;

import java.util.List;
import org.saliency4j.SaliencyException;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.Scoring;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.image.Images;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** What the metrics share: the images as doubles, maps reduced to pixels, scoring in bounded batches, NaN checks. */
final class Perturbed {
    private Perturbed() {
    }

    /** @return the images' values, checked against the model and against their maps */
    static double[] values(CompiledModel model, Tensor images, List<Attribution> maps) {
        if (maps.size() != images.batchSize()) {
            throw new IllegalArgumentException(maps.size() + " maps for " + images.batchSize() + " images");
        }
        return Scoring.values(model.model(), images);
    }

    /** @return (height, width, channels) of the model's image input; (height, width) is one channel */
    static Shape imageInput(String metric, Model model) {
        return Images.imageShape(metric, model.inputShape());
    }

    /**
     * A map as one value per pixel: summed over channels where it has them.
     *
     * @param map   the map, (height, width) or (height, width, channels)
     * @param input the model's input shape
     */
    static double[] pixels(String metric, int image, Tensor map, Shape input) {
        Shape s = map.shape();
        boolean plain = s.equals(Shape.of(input.dim(0), input.dim(1)));
        if (!plain && !s.equals(input)) {
            throw new IllegalArgumentException(metric + " needs maps of shape (" + input.dim(0) + ", " + input.dim(1)
                    + ") or " + input + ", not " + s);
        }
        int channels = plain ? 1 : input.dim(2);
        float[] v = map.toArray();
        double[] p = new double[v.length / channels];
        for (int i = 0; i < v.length; i++) {
            p[i / channels] += finite(metric, image, v[i], "the map's value " + i);
        }
        return p;
    }

    /**
     * Scores many inputs of one image in bounded batches.
     *
     * @param probability the target's probability (softmax, or a sigmoid output's), else its logit
     * @return one score per input, each checked to be a number
     */
    static double[] scores(String metric, int image, CompiledModel model, int count, Scoring.Inputs inputs, int target,
                           boolean probability) {
        double[] s = new double[count];
        Scoring.scores(model, count, inputs, k -> target, probability, Scoring.internalBatch(model.model()),
                (k, score) -> s[k] = score);
        for (int k = 0; k < count; k++) {
            finite(metric, image, s[k], "the score of perturbed input " + k);
        }
        return s;
    }

    /** @return v, when it is a number */
    static double finite(String metric, int image, double v, String what) {
        if (!Double.isFinite(v)) {
            throw new SaliencyException(metric + " of image " + image + ": " + what + " is " + v
                    + "; the model or the map gives values that are not numbers");
        }
        return v;
    }
}
