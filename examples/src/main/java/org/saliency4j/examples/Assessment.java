package org.saliency4j.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.trust.AverageDrop;
import org.saliency4j.trust.DeletionInsertion;
import org.saliency4j.trust.Infidelity;
import org.saliency4j.trust.MaxSensitivity;
import org.saliency4j.trust.MuFidelity;
import org.saliency4j.trust.SanityCheck;

/**
 * What {@code assess} computes: each method's maps of the images, the chosen faithfulness metrics of every map, and
 * optionally the randomisation sanity check; the numbers {@code assessment.json} and {@code report.html} show.
 */
final class Assessment {
    /** The metrics, in report order, as --metrics names them. */
    static final List<String> METRICS = List.of("deletion", "insertion", "mufidelity", "average-drop", "infidelity",
            "max-sensitivity");

    /**
     * One method's results.
     *
     * @param method    the method
     * @param maps      its map of each image
     * @param metrics   per image, metric name to value (average-drop adds increase-in-confidence, 0 or 1); null
     *                  where the metric is not defined for the image (MuFidelity of a map of zeros)
     * @param deletion  per image, the deletion curve, where asked
     * @param insertion per image, the insertion curve, where asked
     * @param sanity    the sanity check, where asked
     */
    record MethodResult(AttributionMethod method, List<Attribution> maps, List<Map<String, @Nullable Double>> metrics,
                        List<DeletionInsertion.Curve> deletion, List<DeletionInsertion.Curve> insertion,
                        SanityCheck.@Nullable Result sanity) {
        /** @return the sanity check, which a run makes for every method or for none; only where it made one */
        SanityCheck.Result checkedSanity() {
            if (sanity == null) {
                throw new IllegalStateException("no sanity check was made for " + method.name());
            }
            return sanity;
        }
    }

    private Assessment() {
    }

    /**
     * Runs every method and metric.
     *
     * @param backend       compiles the randomised models of the sanity check
     * @param compiled      the model, compiled
     * @param model         the model
     * @param methods       the methods
     * @param images        the images, a batch in model-input form
     * @param target        the class explained
     * @param metrics       the metrics to compute, names of {@link #METRICS}
     * @param pixelsPerStep deletion and insertion's step; 0 for 1/32 of the pixels
     * @param sanity        the sanity check's mode, or null for none
     * @param seed          the seed of MuFidelity's subsets, infidelity's and max-sensitivity's perturbations and the
     *                      randomisation
     * @param done          told of each finished (method, stage)
     * @return one result per method
     */
    static List<MethodResult> run(Backend backend, CompiledModel compiled, Model model, List<AttributionMethod> methods,
                                  Tensor images, Target target, List<String> metrics, int pixelsPerStep,
                                  SanityCheck.@Nullable Mode sanity, long seed, LongConsumer done) {
        DeletionInsertion di = DeletionInsertion.defaults().withPixelsPerStep(pixelsPerStep);
        List<MethodResult> out = new ArrayList<>();
        Attributions.explainAll(compiled, methods, images, target, (method, maps) -> out.add(
                evaluate(backend, compiled, model, method, maps, images, metrics, di, sanity, seed, done)));
        return out;
    }

    /** The metrics and the sanity check of one method's maps. */
    private static MethodResult evaluate(Backend backend, CompiledModel compiled, Model model,
                                         AttributionMethod method, List<Attribution> maps, Tensor images,
                                         List<String> metrics, DeletionInsertion di,
                                         SanityCheck.@Nullable Mode sanity, long seed, LongConsumer done) {
        done.accept(1);
        List<Map<String, @Nullable Double>> values = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            values.add(new LinkedHashMap<>());
        }
        List<DeletionInsertion.Curve> deletion = List.of();
        List<DeletionInsertion.Curve> insertion = List.of();
        for (String metric : metrics) {
            switch (metric) {
                case "deletion" -> {
                    deletion = di.deletion(compiled, images, maps);
                    put(values, metric, deletion.stream().mapToDouble(DeletionInsertion.Curve::auc).toArray());
                }
                case "insertion" -> {
                    insertion = di.insertion(compiled, images, maps);
                    put(values, metric, insertion.stream().mapToDouble(DeletionInsertion.Curve::auc).toArray());
                }
                case "mufidelity" -> {
                    List<@Nullable Double> v = MuFidelity.defaults().withSeed(seed)
                            .evaluateWhereDefined(compiled, images, maps);
                    for (int i = 0; i < v.size(); i++) {
                        values.get(i).put(metric, v.get(i));
                    }
                }
                case "average-drop" -> {
                    List<AverageDrop.Result> r = AverageDrop.evaluate(compiled, images, maps);
                    put(values, metric, r.stream().mapToDouble(AverageDrop.Result::drop).toArray());
                    put(values, "increase-in-confidence",
                            r.stream().mapToDouble(x -> x.increase() ? 1 : 0).toArray());
                }
                case "infidelity" -> put(values, metric,
                        Infidelity.defaults().withSeed(seed).evaluate(compiled, images, maps));
                case "max-sensitivity" -> put(values, metric,
                        MaxSensitivity.defaults().withSeed(seed).evaluate(compiled, method, images, maps));
                default -> throw new IllegalArgumentException("unknown metric " + metric);
            }
            done.accept(1);
        }
        SanityCheck.Result check = null;
        if (sanity != null) {
            check = SanityCheck.run(backend, model, method, images,
                    Target.classes(maps.stream().mapToInt(Attribution::target).toArray()), sanity, seed);
            done.accept(1);
        }
        return new MethodResult(method, maps, values, deletion, insertion, check);
    }

    private static void put(List<Map<String, @Nullable Double>> values, String metric, double[] v) {
        for (int i = 0; i < v.length; i++) {
            values.get(i).put(metric, v[i]);
        }
    }

    /**
     * A metric over the images.
     *
     * @param mean      the mean of the values where the metric is defined; NaN where it is defined for none
     * @param sd        their standard deviation (n - 1 in the denominator; 0 for one value; NaN for none)
     * @param undefined how many images the metric is not defined for
     */
    record Spread(double mean, double sd, int undefined) {
    }

    /**
     * @param values per image, metric to value, null where not defined
     * @param metric the metric
     * @return its spread over the images where it is defined
     */
    static Spread spread(List<Map<String, @Nullable Double>> values, String metric) {
        List<Double> defined = new ArrayList<>();
        for (Map<String, @Nullable Double> v : values) {
            if (!v.containsKey(metric)) {
                throw new IllegalStateException("no value of " + metric + " among " + v.keySet());
            }
            Double x = v.get(metric);
            if (x != null) {
                defined.add(x);
            }
        }
        int n = defined.size();
        double mean = defined.stream().mapToDouble(Double::doubleValue).sum() / n;
        double squares = defined.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return new Spread(mean, n > 1 ? Math.sqrt(squares / (n - 1)) : n == 1 ? 0 : Double.NaN, values.size() - n);
    }
}
