package org.saliency4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares the maps of two {@code explanations.json} records (as {@code explain} writes them) image by image and
 * method by method: each map of the second must lie within a fraction of the first map's largest absolute value.
 */
final class MapAgreement {
    private MapAgreement() {
    }

    /**
     * @param reference the record taken as right (the CPU's)
     * @param other     the record to check, of the same images and methods
     * @param fraction  the tolerance, a fraction of each reference map's largest absolute value
     * @return one line per disagreement (image, method, the largest difference and the bound); empty when every map
     *         agrees
     */
    static List<String> disagreements(JsonNode reference, JsonNode other, double fraction) {
        List<String> found = new ArrayList<>();
        JsonNode refImages = reference.get("images");
        JsonNode otherImages = other.get("images");
        if (refImages.size() != otherImages.size()) {
            found.add(refImages.size() + " images against " + otherImages.size());
            return found;
        }
        for (int i = 0; i < refImages.size(); i++) {
            JsonNode a = refImages.get(i);
            JsonNode b = otherImages.get(i);
            if (a.get("target").asInt() != b.get("target").asInt()) {
                found.add("image " + i + ": target " + a.get("target") + " against " + b.get("target"));
                continue;
            }
            for (Map.Entry<String, JsonNode> method : a.get("maps").properties()) {
                JsonNode theirs = b.get("maps").get(method.getKey());
                if (theirs == null) {
                    found.add("image " + i + ": no " + method.getKey() + " map");
                    continue;
                }
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                flatten(method.getValue(), x);
                flatten(theirs, y);
                if (x.size() != y.size()) {
                    found.add("image " + i + ", " + method.getKey() + ": " + x.size() + " values against " + y.size());
                    continue;
                }
                double largest = 0;
                double worst = 0;
                for (int k = 0; k < x.size(); k++) {
                    largest = Math.max(largest, Math.abs(x.get(k)));
                    worst = Math.max(worst, Math.abs(x.get(k) - y.get(k)));
                }
                if (!(worst <= fraction * largest)) {
                    found.add(String.format("image %d, %s: largest difference %.3g, bound %.3g (%.0e of %.3g)", i,
                            method.getKey(), worst, fraction * largest, fraction, largest));
                }
            }
        }
        return found;
    }

    private static void flatten(JsonNode node, List<Double> into) {
        if (node.isArray()) {
            for (JsonNode e : node) {
                flatten(e, into);
            }
        } else {
            into.add(node.asDouble());
        }
    }
}
