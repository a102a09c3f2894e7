package org.saliency4j.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.saliency4j.BackendUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a backend among the providers on the class path.
 *
 * <p>An explicit request wins: the system property {@value #PROPERTY}, else the environment variable
 * {@value #VARIABLE}, else the argument of {@link #select(String)}. An explicitly requested backend that is
 * unavailable is an error carrying its reason. {@value #AUTO} (or no request) picks the available provider of
 * highest priority; the CPU backend is always available, so it is the last resort. The reason of an automatic
 * choice reads, for example, {@code "pure Java on 2 cores, ...; cuda: no NVIDIA driver on this machine (...),
 * using cpu"}: what runs, then each better backend passed over and why.
 */
public final class Backends {
    /** System property that selects a backend by name. */
    public static final String PROPERTY = "saliency4j.backend";
    /** Environment variable that selects a backend by name. */
    public static final String VARIABLE = "SALIENCY4J_BACKEND";
    /** The request that means "the best available backend". */
    public static final String AUTO = "auto";

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    private Backends() {
    }

    /** @return every provider found through {@link ServiceLoader}, highest priority first */
    public static List<BackendProvider> providers() {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(found::add);
        found.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return found;
    }

    /**
     * Selects a backend from the system property, else the environment variable, else the best available.
     *
     * @return the selection, with the reason
     */
    public static BackendSelection select() {
        return select(null);
    }

    /**
     * Selects a backend, letting the system property and environment variable override the request.
     *
     * @param requested a provider name, {@value #AUTO}, or {@code null} for no preference
     * @return the selection, with the reason
     * @throws BackendUnavailableException when the requested backend is unknown or unavailable
     */
    public static BackendSelection select(@Nullable String requested) {
        return select(requested, "the caller");
    }

    /**
     * Selects a backend, letting the system property and environment variable override the request.
     *
     * @param requested     a provider name, {@value #AUTO}, or {@code null} for no preference
     * @param requestSource where the request comes from, for messages (e.g. "the --backend option")
     * @return the selection, with the reason
     * @throws BackendUnavailableException when the requested backend is unknown or unavailable
     */
    public static BackendSelection select(@Nullable String requested, String requestSource) {
        String property = System.getProperty(PROPERTY);
        String variable = System.getenv(VARIABLE);
        String request;
        String source;
        if (property != null && !property.isBlank()) {
            request = property;
            source = "system property " + PROPERTY;
        } else if (variable != null && !variable.isBlank()) {
            request = variable;
            source = "environment variable " + VARIABLE;
        } else {
            request = requested;
            source = requestSource;
        }
        BackendSelection selection = choose(request, source, providers());
        LOG.info("backend {}: {}", selection.provider().name(), selection.reason());
        return selection;
    }

    /**
     * The selection rule itself, on a given list of providers.
     *
     * @param request   a provider name, {@value #AUTO}, or {@code null} for no preference
     * @param source    where the request came from, for messages
     * @param providers the candidates; not modified
     * @return the selection, with the reason
     * @throws BackendUnavailableException when the requested backend is unknown or unavailable, or none is available
     */
    public static BackendSelection choose(@Nullable String request, String source, List<BackendProvider> providers) {
        List<BackendProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        List<String> names = sorted.stream().map(BackendProvider::name).toList();
        if (request != null && !request.isBlank() && !request.equalsIgnoreCase(AUTO)) {
            String wanted = request.trim().toLowerCase(Locale.ROOT);
            for (BackendProvider p : sorted) {
                if (p.name().equalsIgnoreCase(wanted)) {
                    Availability a = safeProbe(p);
                    if (!a.available()) {
                        throw new BackendUnavailableException("backend '" + p.name() + "' was requested by " + source
                                + " but is unavailable: " + a.reason());
                    }
                    return new BackendSelection(p, "requested by " + source + "; " + a.reason());
                }
            }
            throw new BackendUnavailableException("backend '" + request + "' was requested by " + source
                    + " but is not on the class path; known backends: " + names + " (or '" + AUTO + "')");
        }
        List<String> skipped = new ArrayList<>();
        for (BackendProvider p : sorted) {
            Availability a = safeProbe(p);
            if (a.available()) {
                StringBuilder why = new StringBuilder(a.reason());
                for (String s : skipped) {
                    why.append("; ").append(s).append(", using ").append(p.name());
                }
                return new BackendSelection(p, why.toString());
            }
            skipped.add(p.name() + ": " + a.reason());
        }
        throw new BackendUnavailableException("no usable backend among " + names
                + (skipped.isEmpty() ? "" : " (" + String.join("; ", skipped) + ")")
                + "; put saliency4j-cpu-fallback on the class path");
    }

    private static Availability safeProbe(BackendProvider p) {
        try {
            return p.probe();
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("its probe failed: " + e);
        }
    }
}
