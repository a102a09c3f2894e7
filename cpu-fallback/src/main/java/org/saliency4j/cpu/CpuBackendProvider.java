package org.saliency4j.cpu;

import org.saliency4j.backend.Availability;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackendProvider;

/** Provides the pure-Java CPU backend: always available, lowest priority, the fallback of every selection. */
public final class CpuBackendProvider implements BackendProvider {
    /** The name users select it by. */
    public static final String NAME = "cpu";
    /** The lowest priority: any other available backend is preferred. */
    public static final int PRIORITY = 0;
    /**
     * The system property that chooses between the vector kernels and the plain loops: {@code auto} (the
     * default: plain loops for short work, vector kernels for long work), {@code true} (vector kernels always,
     * where {@code jdk.incubator.vector} is enabled) or {@code false} (plain loops always). The results are the
     * same to the bit; see docs/performance.md.
     */
    public static final String SIMD_PROPERTY = "saliency4j.simd";
    /**
     * The system property that caps the threads of one kernel call (1: each call runs on its caller alone); by
     * default the calling thread and one helper per further processor. The results are the same to the bit.
     */
    public static final String THREADS_PROPERTY = "saliency4j.threads";

    /** Creates the provider (used by {@link java.util.ServiceLoader}). */
    public CpuBackendProvider() {
        // nothing to load
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Availability probe() {
        return Availability.available("pure Java on " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + VectorPolicy.description());
    }

    @Override
    public Backend create() {
        return new CpuBackend();
    }
}
