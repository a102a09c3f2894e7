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
    /** Whether the module is enabled: known without loading anything of it. */
    private static final boolean MODULE_ENABLED = ModuleLayer.boot().findModule(MODULE).isPresent();

    private Simd() {
    }

    /**
     * Holds the vector loops, loaded when first asked for: loading them initialises the Vector API's classes,
     * which a run on the plain loops does without.
     */
    private static final class Loaded {
        static final @Nullable FastLoops LOOPS = create(false);

        private Loaded() {
        }
    }

    /**
     * Makes a new set of vector loops.
     *
     * @param wide whether they run their widest tiles from the start ({@link FastLoops#widen})
     * @return the loops, or null where the module is not enabled or they cannot load (said in the log)
     */
    static @Nullable FastLoops create(boolean wide) {
        if (!MODULE_ENABLED) {
            return null;
        }
        try {
            return Class.forName(IMPLEMENTATION).asSubclass(FastLoops.class).getDeclaredConstructor(boolean.class)
                    .newInstance(wide);
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.info("{} is enabled but the vector kernels could not load ({}); using the plain loops", MODULE,
                    e.toString());
            return null;
        }
    }

    /** @return whether vector loops may run: the module is enabled and {@value #PROPERTY} is not false */
    static boolean available() {
        return MODULE_ENABLED && enabled();
    }

    /** @return the vector loops (loading them on first use), or null where the plain loops must run */
    static @Nullable FastLoops loops() {
        return available() ? Loaded.LOOPS : null;
    }

    /** Lets the vector loops run their widest tiles from now on ({@link FastLoops#widen}), where they are loaded. */
    static void widen() {
        FastLoops loops = loops();
        if (loops != null) {
            loops.widen();
        }
    }

    /** @return which inner loops the vector path has, and why, for the backend's description; loads nothing */
    static String description() {
        if (!MODULE_ENABLED) {
            return "plain loops (" + MODULE + " not enabled; java --add-modules " + MODULE
                    + " turns on the vector kernels)";
        }
        return enabled() ? "vector kernels (" + MODULE + ")" : "plain loops (" + PROPERTY + "=false)";
    }

    private static boolean enabled() {
        return !System.getProperty(PROPERTY, "auto").trim().equalsIgnoreCase("false");
    }
}
