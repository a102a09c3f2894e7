package org.saliency4j.attribution;

import java.util.function.ToIntFunction;

/**
 * Which class an attribution explains, per image: a fixed class, the model's top prediction, or a caller's choice
 * made from the image's logits.
 */
@FunctionalInterface
public interface Target {

    /**
     * Chooses the class to explain.
     *
     * @param image  the image's index in the batch
     * @param logits the model's logits for that image (the values feeding its softmax); not to be modified
     * @return a class index, {@code 0 <= index < logits.length}
     */
    int classFor(int image, float[] logits);

    /**
     * @param classIndex the class, the same for every image
     * @return that class
     */
    static Target classIndex(int classIndex) {
        return (image, logits) -> classIndex;
    }

    /**
     * @param perImage one class per image of the batch, in order
     * @return those classes
     */
    static Target classes(int... perImage) {
        int[] c = perImage.clone();
        return (image, logits) -> c[image];
    }

    /** @return the class of the largest logit of each image (the first of equals, as numpy's argmax) */
    static Target top1() {
        return (image, logits) -> {
            int best = 0;
            for (int c = 1; c < logits.length; c++) {
                if (logits[c] > logits[best]) {
                    best = c;
                }
            }
            return best;
        };
    }

    /**
     * @param chooser the caller's choice from an image's logits
     * @return that choice, for every image
     */
    static Target chosenBy(ToIntFunction<float[]> chooser) {
        return (image, logits) -> chooser.applyAsInt(logits);
    }
}
