package org.saliency4j.backend;

/**
 * Whether a backend can run on this machine, and why not when it cannot.
 *
 * @param available whether {@link BackendProvider#create()} is expected to succeed
 * @param reason    for an available backend what it found (e.g. the device), otherwise why it is unavailable
 */
public record Availability(boolean available, String reason) {

    /**
     * An available backend.
     *
     * @param description what was found, e.g. "pure Java, 2 cores"
     * @return the availability
     */
    public static Availability available(String description) {
        return new Availability(true, description);
    }

    /**
     * An unavailable backend.
     *
     * @param reason why, in words a user can act on
     * @return the availability
     */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
