package org.saliency4j.trust;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.saliency4j.SaliencyException;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;

/**
 * The model randomisation test of Adebayo et al. 2018: a method's maps on the trained model compared with its maps,
 * for the same target classes, on each randomised copy ({@link Randomization}). A method that explains the model
 * gives maps that change as its weights are destroyed; maps that stay alike are the paper's warning sign.
 *
 * <p>Each comparison reports, per randomised layer, the mean over the images of Spearman's correlation (signed and
 * of absolute values), SSIM and the HOG correlation ({@link Similarity}). A map that became constant (a Grad-CAM that
 * the ReLU zeroes) has no correlation with anything: it is counted as undefined, apart from the means, never
 * silently as a number.
 */
public final class SanityCheck {
    /** The similarity measures, in report order. */
    public static final List<String> MEASURES = List.of("spearman", "spearman-abs", "ssim", "hog");

    private SanityCheck() {
    }

    /** Cascading (from the output down) or independent (one layer at a time) randomisation. */
    public enum Mode {
        /** Layers randomised from the output down, each step keeping the ones before. */
        CASCADING,
        /** One layer randomised at a time. */
        INDEPENDENT
    }

    /**
     * The comparison with one randomised model.
     *
     * @param layer     the layer randomised last (cascading) or alone
     * @param mean      per measure, the mean over the images where it is defined
     * @param undefined per measure, the number of images where it is not (a constant map)
     * @param maps      the method's maps on the randomised model, in image order
     */
    public record Step(String layer, Map<String, Double> mean, Map<String, Integer> undefined,
                       List<Attribution> maps) {
    }

    /**
     * The whole check.
     *
     * @param original the method's maps on the trained model
     * @param steps    one comparison per randomised model, output-most layer first
     */
    public record Result(List<Attribution> original, List<Step> steps) {
    }

    /**
     * Runs the check.
     *
     * @param backend compiles each randomised copy (each is closed after use)
     * @param model   the trained model
     * @param method  the method
     * @param images  a batch in model-input form; not modified
     * @param target  which class each image is explained for; the randomised models explain the same classes
     * @param mode    cascading or independent
     * @param seed    the randomisation's seed
     * @return the maps and similarities
     */
    public static Result run(Backend backend, Model model, AttributionMethod method, Tensor images, Target target,
                             Mode mode, long seed) {
        List<Attribution> original;
        try (CompiledModel compiled = backend.compile(model)) {
            original = method.explain(compiled, images, target);
        }
        int[] classes = original.stream().mapToInt(Attribution::target).toArray();
        List<Randomization.Step> copies = mode == Mode.CASCADING ? Randomization.cascading(model, seed)
                : Randomization.independent(model, seed);
        List<Step> steps = new ArrayList<>();
        for (Randomization.Step copy : copies) {
            List<Attribution> maps;
            try (CompiledModel compiled = backend.compile(copy.model())) {
                maps = method.explain(compiled, images, Target.classes(classes));
            }
            steps.add(compare(copy.layer(), original, maps));
        }
        return new Result(original, steps);
    }

    /** The mean similarity of two lists of maps, image by image, for every measure. */
    static Step compare(String layer, List<Attribution> original, List<Attribution> randomised) {
        Map<String, BiFunction<Tensor, Tensor, Double>> measures = new LinkedHashMap<>();
        measures.put("spearman", (a, b) -> Similarity.spearman(a, b, false));
        measures.put("spearman-abs", (a, b) -> Similarity.spearman(a, b, true));
        measures.put("ssim", Similarity::ssim);
        measures.put("hog", Similarity::hogPearson);
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Integer> undefined = new LinkedHashMap<>();
        for (Map.Entry<String, BiFunction<Tensor, Tensor, Double>> m : measures.entrySet()) {
            double sum = 0;
            int defined = 0;
            for (int i = 0; i < original.size(); i++) {
                try {
                    sum += m.getValue().apply(original.get(i).map(), randomised.get(i).map());
                    defined++;
                } catch (SaliencyException e) {
                    // a constant map: counted below
                }
            }
            mean.put(m.getKey(), defined == 0 ? Double.NaN : sum / defined);
            undefined.put(m.getKey(), original.size() - defined);
        }
        return new Step(layer, mean, undefined, randomised);
    }
}
