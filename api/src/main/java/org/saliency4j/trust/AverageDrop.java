package org.saliency4j.trust;

import java.util.ArrayList;
import java.util.List;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Average drop and increase in confidence (Chattopadhay et al., "Grad-CAM++", WACV 2018), for CAM-like maps: the
 * image is multiplied, pixel by pixel and on every channel, by its map scaled to [0, 1] (summed over channels where
 * it has them, then (m - min) / (max - min); a constant map gives 0), and the target's probability O on that
 * image is compared with Y on the image itself. Per image: drop = max(0, Y - O) / Y and increase = (O > Y); over a
 * data set, their means (times 100) are the paper's "Average Drop %" (lower is better) and "% Increase in
 * Confidence" (higher is better).
 */
public final class AverageDrop {
    private AverageDrop() {
    }

    /**
     * One image's result.
     *
     * @param drop     max(0, Y - O) / Y
     * @param increase whether O > Y
     * @param original Y, the probability on the image
     * @param masked   O, the probability on the masked image
     */
    public record Result(double drop, boolean increase, double original, double masked) {
    }

    /**
     * @param model  the compiled model
     * @param images a batch in model-input form; not modified
     * @param maps   one map per image, with its target
     * @return one result per image
     */
    public static List<Result> evaluate(CompiledModel model, Tensor images, List<Attribution> maps) {
        double[] x = Perturbed.values(model, images, maps);
        Shape input = Perturbed.imageInput("average drop", model.model());
        int per = input.size();
        int channels = input.dim(2);
        List<Result> out = new ArrayList<>();
        for (int image = 0; image < maps.size(); image++) {
            double[] mask = Similarity.unit(Perturbed.pixels("average drop", image, maps.get(image).map(), input));
            int offset = image * per;
            double[] s = Perturbed.scores("average drop", image, model, 2, (k, into, at) -> {
                for (int e = 0; e < per; e++) {
                    into[at + e] = k == 0 ? x[offset + e] : x[offset + e] * mask[e / channels];
                }
            }, maps.get(image).target(), true);
            double y = s[0];
            double o = s[1];
            out.add(new Result(y > 0 ? Math.max(0, y - o) / y : 0, o > y, y, o));
        }
        return out;
    }
}
