package org.saliency4j.cpu;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Decides, pass by pass, whether a compiled model runs its vector kernels or its plain loops. Both give the same
 * results to the bit; only the time differs. Until the JIT has compiled them, the vector kernels run far slower
 * than the plain loops (each vector an object, every operation a call); compiling them costs the JIT about two
 * seconds of a core on JDK 17. So they pay off only for work long enough to repay that: short work runs the plain
 * loops, long work the vector kernels.
 *
 * <p>The same holds one step further inside the vector kernels: their widest register tiles are the fastest on
 * large products but cost the JIT about ten times as much to compile as the narrower ones, so they start only once
 * the work reaches {@link #WIDE_PAYS_OFF_FLOPS} ({@link FastLoops#widen}), and never on Java 17-20: there C2
 * often leaves those tiles' vectors boxed, several times slower than the narrow tiles (in 3 of 6 launches of a
 * long feature visualisation on JDK 17, none of 5 on JDK 25).
 *
 * <p>{@value #PROPERTY} chooses: {@code auto} (the default) runs the plain loops until the work this process has
 * done, plus the work announced ahead ({@link org.saliency4j.backend.CompiledModel#announceWork}), reaches
 * {@link #PAYS_OFF_FLOPS}, and the vector kernels from then on, for every model (the JIT's work is the process's).
 * Work announced is work expected ahead, which each pass uses up as much of as it counts, so that work announced
 * and then done counts once. {@code true} always runs the vector kernels, with their widest tiles; {@code false}
 * always the plain loops. Without {@code jdk.incubator.vector} the plain loops run whatever is asked.
 */
final class VectorPolicy {
    /** The system property: {@code auto}, {@code true} or {@code false}. */
    static final String PROPERTY = Simd.PROPERTY;
    /**
     * Work, in forward FLOPs (2 per multiply-add, a pass's forward part only), from which the vector kernels (their
     * narrow tiles) pay for their compilation. Measured on CNN5 from fresh JVMs on JDK 17
     * (docs/performance-history.md, "Launch"): a class visualisation of 200 steps (1.8 GFLOP) ran faster on the
     * plain loops, one of 500 steps (4.6 GFLOP) on the vector kernels.
     */
    static final double PAYS_OFF_FLOPS = 3e9;
    /**
     * How much more a forward-only pass's FLOPs count towards {@link #PAYS_OFF_FLOPS} when announced
     * ({@link org.saliency4j.backend.CompiledModel#announceForwardWork}): the plain forward loops are slower than
     * the plain backward ones next to their vector kernels, and fewer vector kernels need compiling. Measured on
     * CNN5's occlusion from fresh JVMs on JDK 17 (docs/performance-history.md, "Launch"): 100 windows (0.9 GFLOP)
     * ran faster on the plain loops, 225 windows (2.1 GFLOP) on the vector kernels.
     */
    static final double FORWARD_ONLY_WEIGHT = 2;
    /**
     * Work, in forward FLOPs, from which the vector kernels' widest tiles pay for their compilation. Measured from
     * fresh JVMs on JDK 17 (docs/performance-history.md, "Launch"): the notebook (about 20 GFLOP) ran faster on
     * the narrow tiles, and they ran CNN5's steps as fast as the wide ones; Integrated Gradients on VGG16 (1.5
     * TFLOP) took twice as long on them.
     */
    static final double WIDE_PAYS_OFF_FLOPS = 100e9;
    /** The first Java release on which {@code auto} turns the widest tiles on. */
    static final int WIDE_FROM_JAVA = 21;
    /** Whether {@code auto} turns the widest tiles on in this JVM. */
    private static final boolean WIDENS = widensOn(Runtime.version().feature());

    /** The process's policy: the JIT's work, once done, serves every model. */
    static final VectorPolicy PROCESS = new VectorPolicy(VectorPolicy::mode, PAYS_OFF_FLOPS,
            WIDENS ? WIDE_PAYS_OFF_FLOPS : Double.POSITIVE_INFINITY, Simd::widen);

    private final Supplier<String> mode;
    private final double paysOff;
    private final double widePaysOff;
    private final Runnable widen;
    /** The work counted by passes; guarded by this. */
    private double done;
    /** The work announced and not yet used up by passes; guarded by this. */
    private double ahead;
    private volatile boolean warm;
    private volatile boolean wide;

    /**
     * @param mode        {@code auto}, {@code true} or {@code false}, asked at every pass ({@link #mode()} reads the
     *                    property)
     * @param paysOff     the work, in forward FLOPs, from which the vector kernels run in {@code auto} mode
     * @param widePaysOff the work from which their widest tiles run in {@code auto} mode
     * @param widen       what turns the widest tiles on (run once, at the first pass that should have them)
     */
    VectorPolicy(Supplier<String> mode, double paysOff, double widePaysOff, Runnable widen) {
        this.mode = mode;
        this.paysOff = paysOff;
        this.widePaysOff = widePaysOff;
        this.widen = widen;
    }

    /**
     * Counts work announced for the near future.
     *
     * @param flops forward FLOPs about to be run
     */
    synchronized void announce(double flops) {
        ahead += flops;
    }

    /**
     * Counts a pass, using up as much announced work.
     *
     * @return the work done and ahead
     */
    private synchronized double count(double flops) {
        done += flops;
        ahead = Math.max(0, ahead - flops);
        return done + ahead;
    }

    private synchronized double expected() {
        return done + ahead;
    }

    /**
     * Says which way a pass runs, counting its work.
     *
     * @param available whether the vector kernels may run at all ({@link Simd#available()})
     * @param flops     the pass's forward FLOPs
     * @return whether the pass runs the vector kernels
     */
    boolean forPass(boolean available, double flops) {
        String m = mode.get();
        if (!available || m.equals("false")) {
            return false;
        }
        if (m.equals("true")) {
            widen();
            return true;
        }
        // Once warm, the work is counted only while the widest tiles may still start.
        if (!warm || (!wide && widePaysOff != Double.POSITIVE_INFINITY)) {
            double sum = count(flops);
            warm = warm || sum >= paysOff;
            if (warm && sum >= widePaysOff) {
                widen();
            }
        }
        return warm;
    }

    /** @return whether the widest tiles have been turned on */
    boolean wide() {
        return wide;
    }

    private void widen() {
        if (!wide) {
            wide = true;
            widen.run();
        }
    }

    /**
     * Says which way a pass would run now, without counting it: the kernels a model makes when it is compiled.
     *
     * @param available whether the vector kernels may run at all ({@link Simd#available()})
     * @param flops     a pass's forward FLOPs
     * @return whether such a pass would run the vector kernels
     */
    boolean likely(boolean available, double flops) {
        String m = mode.get();
        return available && !m.equals("false") && (m.equals("true") || warm || expected() + flops >= paysOff);
    }

    /** @return whether {@code auto} turns the widest tiles on, on this Java release */
    static boolean widensOn(int javaFeatureRelease) {
        return javaFeatureRelease >= WIDE_FROM_JAVA;
    }

    /** @return the mode the property asks for: {@code auto}, {@code true} or {@code false} */
    static String mode() {
        String m = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return m.equals("true") || m.equals("false") ? m : "auto";
    }

    /** @return how passes choose, for the backend's description */
    static String description() {
        String vector = Simd.description();
        if (!Simd.available()) {
            return vector;
        }
        return switch (mode()) {
            case "true" -> vector + " with their widest tiles for all work (" + PROPERTY + "=true)";
            case "false" -> "plain loops (" + PROPERTY + "=false)";
            default -> "plain loops for short work, " + vector + " once the work passes "
                    + String.format(Locale.ROOT, "%.0f GFLOP", PAYS_OFF_FLOPS / 1e9)
                    + (WIDENS
                    ? String.format(Locale.ROOT, ", their widest tiles from %.0f GFLOP", WIDE_PAYS_OFF_FLOPS / 1e9)
                    : ", their narrow tiles only (Java " + Runtime.version().feature() + ")");
        };
    }
}
