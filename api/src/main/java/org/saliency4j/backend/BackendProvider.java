package org.saliency4j.backend;

/**
 * Entry point of a backend, found through {@link java.util.ServiceLoader}. Providers are cheap to instantiate:
 * nothing native is loaded before {@link #probe()} or {@link #create()}.
 */
public interface BackendProvider {

    /** @return the short name users select it by, e.g. {@code "cpu"} or {@code "cuda"} */
    String name();

    /** @return the preference among available backends; the highest available one is chosen by default */
    int priority();

    /**
     * Finds out whether this backend can run here. Never throws: every failure becomes an unavailable result
     * with the reason.
     *
     * @return the availability and its reason
     */
    Availability probe();

    /**
     * Creates the backend, loading whatever native code it needs.
     *
     * @return a new backend, to be closed by the caller
     * @throws org.saliency4j.BackendUnavailableException when it cannot run, with the reason
     */
    Backend create();
}
