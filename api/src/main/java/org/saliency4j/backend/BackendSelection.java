package org.saliency4j.backend;

/**
 * The outcome of {@link Backends#select(String)}: which provider, and why.
 *
 * @param provider the chosen provider
 * @param reason   why it was chosen, including why better ones were skipped
 */
public record BackendSelection(BackendProvider provider, String reason) {

    /**
     * Creates the chosen backend.
     *
     * @return a new backend, to be closed by the caller
     */
    public Backend create() {
        return provider.create();
    }
}
