package org.saliency4j.cpu;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the vectorised {@link FastLoops} when the JDK's incubating {@code jdk.incubator.vector} module is
 * enabled ({@code java --add-modules jdk.incubator.vector}), else leaves the kernels on their plain loops. Both
 * give the same results bit for bit; only the speed differs. {@value #PROPERTY}{@code =false} turns the vector
 * path off; {@link VectorPolicy} decides, pass by pass, whether it runs.
 */
final class Simd {
    /** System property: {@code false} keeps every kernel on its plain loops ({@link VectorPolicy} reads the rest). */
    static final String PROPERTY = CpuBackendProvider.SIMD_PROPERTY;
    /** The module the vector kernels need. */
    static final String MODULE = "jdk.incubator.vector";
    private static final String IMPLEMENTATION = "org.saliency4j.cpu.VectorLoops";
    private static final Logger LOG = LoggerFactory.getLogger(Simd.class);
    private static final Simd INSTANCE = load();

    private final @Nullable FastLoops loops;
    private final String description;

    private Simd(@Nullable FastLoops loops, String description) {
        this.loops = loops;
        this.description = description;
    }

    /** @return the vector loops, or null where the plain loops must run */
    static @Nullable FastLoops loops() {
        return enabled() ? INSTANCE.loops : null;
    }

    /** @return which inner loops run, and why, for the backend's description */
    static String description() {
        return enabled() ? INSTANCE.description : "plain loops (" + PROPERTY + "=false)";
    }

    private static boolean enabled() {
        return !System.getProperty(PROPERTY, "auto").trim().equalsIgnoreCase("false");
    }

    private static Simd load() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return new Simd(null, "plain loops (" + MODULE + " not enabled; java --add-modules " + MODULE
                    + " turns on the vector kernels)");
        }
        try {
            Class<?> type = Class.forName(IMPLEMENTATION);
            FastLoops loops = (FastLoops) type.getDeclaredConstructor().newInstance();
            int lanes = (Integer) type.getDeclaredMethod("lanes").invoke(null);
            return new Simd(loops, "vector kernels (" + MODULE + ", " + lanes + " float lanes)");
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.info("{} is enabled but the vector kernels could not load ({}); using the plain loops", MODULE,
                    e.toString());
            return new Simd(null, "plain loops (vector kernels failed to load: " + e + ")");
        }
    }
}
