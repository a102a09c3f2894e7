package org.saliency4j.attribution;

import java.util.Map;
import org.saliency4j.tensor.Tensor;

/**
 * One image's attribution map, with what it explains.
 *
 * @param map     the map, without a batch axis: (height, width, channels) for the methods that attribute every
 *                input value, (height, width) for those that attribute pixels; model-input resolution
 * @param target  the class explained
 * @param score   the target's logit on the image
 * @param details what the method reports beside the map, under the names its documentation gives (for example
 *                Integrated Gradients' {@code completenessDelta}); empty where it reports nothing
 */
public record Attribution(Tensor map, int target, double score, Map<String, Object> details) {
    /**
     * @param map     the map
     * @param target  the class explained
     * @param score   the target's logit
     * @param details the method's details; copied
     */
    public Attribution {
        details = Map.copyOf(details);
    }
}
