package org.saliency4j.backend;

import org.saliency4j.model.Model;

/**
 * A running backend: compiles models into executable form. Closing it releases what it holds natively; models
 * compiled by it must be closed first.
 */
public interface Backend extends AutoCloseable {

    /** @return the provider's name, e.g. {@code "cpu"} */
    String name();

    /**
     * Prepares a model for execution: weights are laid out (and uploaded) once here.
     *
     * @param model the model, or a partial model from {@link Model#truncatedAt(org.saliency4j.model.Layer)}
     * @return the compiled model, to be closed by the caller
     * @throws org.saliency4j.UnsupportedLayerException when a layer cannot run on this backend
     */
    CompiledModel compile(Model model);

    /** Releases native resources; idempotent, throws nothing. */
    @Override
    void close();
}
