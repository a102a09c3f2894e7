package org.saliency4j.attribution;

import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;

/**
 * What every perturbation method starts from: the images' values, checked against the model, their logits and the
 * class each image's target names, found in one forward pass per internal batch.
 *
 * @param values   the images' values, batch first
 * @param count    the number of images
 * @param perImage the values per image
 * @param batch    the internal batch the method runs at
 * @param logits   each image's logits
 * @param classes  each image's target class
 */
record Scored(double[] values, int count, int perImage, int batch, float[][] logits, int[] classes) {
    /**
     * @param model         the compiled model
     * @param images        a batch in model-input form; not modified
     * @param target        which class each image is explained for
     * @param internalBatch the method's internal batch; 0 for the model's default
     * @return the images scored
     */
    static Scored of(CompiledModel model, Tensor images, Target target, int internalBatch) {
        Model m = model.model();
        double[] x = Scoring.values(m, images);
        int count = images.batchSize();
        int batch = Maps.batch(internalBatch, m);
        float[][] logits = Scoring.logits(model, x, count, batch);
        return new Scored(x, count, m.inputShape().size(), batch, logits, Scoring.classes(target, logits));
    }

    /** @return where image {@code image}'s values start */
    int offset(int image) {
        return image * perImage;
    }

    /** @return image {@code image}'s score for its target class */
    double score(int image) {
        return logits[image][classes[image]];
    }
}
