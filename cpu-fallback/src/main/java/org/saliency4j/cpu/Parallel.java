package org.saliency4j.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;

/**
 * Runs independent work items on the calling thread and a team of helper threads ({@link Workers}). Every item
 * computes its own outputs in the same order as a single thread would, so results are bit-identical whatever
 * the number of threads. The number of helpers is the common fork-join pool's parallelism
 * ({@code -Djava.util.concurrent.ForkJoinPool.common.parallelism}); {@value #PROPERTY} set to 1 makes the
 * kernels sequential.
 */
final class Parallel {
    /** System property: the largest number of parallel work items per kernel call (1 = sequential). */
    static final String PROPERTY = CpuBackendProvider.THREADS_PROPERTY;
    /** Below this many multiply-adds a kernel call runs on the calling thread: splitting would cost more. */
    static final long MIN_WORK = 200_000;

    private Parallel() {
    }

    static int threads() {
        String p = System.getProperty(PROPERTY);
        int pool = ForkJoinPool.getCommonPoolParallelism() + 1;
        if (p != null) {
            try {
                return Math.max(1, Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                return pool;
            }
        }
        return pool;
    }

    /**
     * Whether {@link #forEach} with these arguments would share the items with the helpers; a caller can skip
     * making a loop body (an allocation) when it would not.
     *
     * @param n    the number of independent items
     * @param work the multiply-adds (or elements) of the whole call
     * @return whether the loop would run in parallel
     */
    static boolean splits(int n, long work) {
        return threads() > 1 && n > 1 && work >= MIN_WORK;
    }

    /**
     * Whether a loop started now would be shared with the helpers at all: false with one thread, and inside an
     * item of another loop (a {@link SplitForwardPass} group's kernels), where the loop runs on its caller alone.
     * A kernel whose items repeat some work to be independent can then make fewer of them. A hint only: results
     * never depend on it.
     *
     * @return whether the helpers are free to share a loop
     */
    static boolean helpersFree() {
        return threads() > 1 && !Holder.WORKERS.running();
    }

    /**
     * Runs {@code body} for each index of [0, n), in parallel when {@code work} is large enough.
     *
     * @param n    the number of independent items
     * @param work the multiply-adds of the whole call, to decide whether splitting pays
     * @param body computes the outputs of one item; must not write outputs of another
     */
    static void forEach(int n, long work, IntConsumer body) {
        boolean split = splits(n, work);
        // The helpers refuse a loop while another runs (a second caller, or a loop inside an item): then, as for
        // small loops, this thread runs it alone.
        if (!split || !Holder.WORKERS.run(n, body)) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
        }
    }

    /** The helper threads, started on the first parallel loop: one fewer than the machine's processors. */
    private static final class Holder {
        static final Workers WORKERS = new Workers(Math.max(1, ForkJoinPool.getCommonPoolParallelism()));
    }
}
