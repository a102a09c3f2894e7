package org.saliency4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.trust.AverageDrop;
import org.saliency4j.trust.DeletionInsertion;
import org.saliency4j.trust.Infidelity;
import org.saliency4j.trust.MaxSensitivity;
import org.saliency4j.trust.MuFidelity;

/**
 * The faithfulness metrics a row can carry per method (docs/trust.md), named and computed as {@code assess} does,
 * with the trust package's defaults. Each is a function of one image, its map and the seed alone: the seeded ones
 * (MuFidelity's subsets, infidelity's and max-sensitivity's perturbations) draw sample k from (seed, k), the same for
 * every image, so a row's value does not depend on how the rows are partitioned or batched. Where MuFidelity is not
 * defined for an image (a map of zeros), its value is null, and the other images keep theirs.
 */
final class Metrics {
    /** The metrics' names, in the order {@code assess} lists them. */
    static final List<String> NAMES = List.of("deletion", "insertion", "mufidelity", "average-drop",
            "increase-in-confidence", "infidelity", "max-sensitivity");

    private Metrics() {
    }

    /**
     * @param commaSeparated metric names, comma-separated; blank for none
     * @return the names, trimmed, in the order given
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    static List<String> parse(String commaSeparated) {
        List<String> names = new ArrayList<>();
        for (String n : commaSeparated.split(",", -1)) {
            if (!n.isBlank()) {
                if (!NAMES.contains(n.trim())) {
                    throw new IllegalArgumentException("metric '" + n.trim() + "': the metrics are "
                            + String.join(", ", NAMES));
                }
                names.add(n.trim());
            }
        }
        return names;
    }

    /**
     * The asked metrics of each image's map, in the order asked; average drop and increase in confidence share one
     * evaluation.
     *
     * @param metrics  the names, from {@link #parse}
     * @param seed     the seed of the seeded metrics
     * @param compiled the model
     * @param method   the method that made the maps (max-sensitivity explains perturbed copies with it)
     * @param batch    the images, in model-input form
     * @param maps     one map per image
     * @return per metric, one value per image; null where the metric is not defined for the image
     */
    static List<List<@Nullable Double>> evaluate(List<String> metrics, long seed, CompiledModel compiled,
                                       AttributionMethod method, Tensor batch, List<Attribution> maps) {
        DeletionInsertion di = DeletionInsertion.defaults();
        List<AverageDrop.Result> drops = metrics.contains("average-drop")
                || metrics.contains("increase-in-confidence")
                ? AverageDrop.evaluate(compiled, batch, maps) : List.of();
        List<List<@Nullable Double>> out = new ArrayList<>();
        for (String metric : metrics) {
            out.add(switch (metric) {
                case "deletion" -> di.deletion(compiled, batch, maps).stream().map(DeletionInsertion.Curve::auc)
                        .toList();
                case "insertion" -> di.insertion(compiled, batch, maps).stream().map(DeletionInsertion.Curve::auc)
                        .toList();
                case "mufidelity" -> MuFidelity.defaults().withSeed(seed).evaluateWhereDefined(compiled, batch, maps);
                case "average-drop" -> drops.stream().map(AverageDrop.Result::drop).toList();
                case "increase-in-confidence" -> drops.stream().map(r -> r.increase() ? 1.0 : 0.0).toList();
                case "infidelity" -> boxed(Infidelity.defaults().withSeed(seed).evaluate(compiled, batch, maps));
                case "max-sensitivity" -> boxed(MaxSensitivity.defaults().withSeed(seed)
                        .evaluate(compiled, method, batch, maps));
                default -> throw new IllegalArgumentException("no metric " + metric);
            });
        }
        return out;
    }

    private static List<@Nullable Double> boxed(double[] values) {
        List<@Nullable Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
