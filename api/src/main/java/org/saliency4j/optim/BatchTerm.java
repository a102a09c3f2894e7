package org.saliency4j.optim;

import org.saliency4j.objective.Probe;

/**
 * A term of the objective that couples the images of a batch, such as feature visualisation's diversity: it reads
 * one probe's values for the whole batch and adds its gradient there, within the batch's one backward pass.
 */
public interface BatchTerm {
    /** @return the layer value it reads */
    Probe probe();

    /**
     * The term's value, and its gradient added.
     *
     * @param values   the probe's values, batch first, row-major; not modified
     * @param batch    the number of images
     * @param gradient d(objective)/d(values), batch first; the term's gradient is added to it; modified
     * @return the term's value for the batch
     */
    double addGradient(float[] values, int batch, double[] gradient);
}
