package org.saliency4j.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A team of daemon threads that share the items of one parallel loop at a time with the thread that calls
 * {@link #run}. Unlike a parallel stream it allocates nothing per loop.
 *
 * <p>Each participant (the caller first, then the helpers in a fixed order) owns one contiguous range of the
 * loop's items and runs it from the front; when its range is done it takes what is left of the others' from their
 * back. So in the usual case a helper runs the same share of every loop: the same group of samples, the same band
 * of rows of consecutive layers, whose data then stay in its core's cache. Handing items out in the order of
 * arrival instead moved them from core to core, which the 2-core development machine pays dearly for in its spells
 * of slow transfers between cores (docs/performance.md). A participant that comes late still holds nothing up: the
 * others take its range.
 *
 * <p>Each range's counter also holds the loop's tag, so a helper that wakes late can never take an item of a
 * later loop, and helpers join a loop without taking a lock. A loop started while another runs (from another
 * thread, or nested in an item) is refused and runs on its caller alone, which gives the same results.
 */
final class Workers {
    /** How long (spin-wait iterations) a helper watches for the next loop before it blocks. */
    private static final int SPINS = 1 << 14;
    /** Bits of a range's counter for its next item and for its end: loops of up to 4,194,303 items. */
    private static final int BITS = 22;
    private static final long MASK = (1L << BITS) - 1;
    /** The bits of a counter below the loop's tag. */
    private static final long BELOW_TAG = (1L << (2 * BITS)) - 1;
    /** The largest number of items a loop may have. */
    static final int MAX_ITEMS = (int) MASK;
    /** Longs from one range's counter to the next: 64 bytes, so that no two share a cache line. */
    private static final int STRIDE = 8;

    private final Object lock = new Object();
    /** The caller and the helpers. */
    private final int participants;
    /**
     * Per participant, at {@code STRIDE * participant}: the loop's tag (its number) in the high 20 bits, the end
     * of the participant's unclaimed range, then its next unclaimed item.
     */
    private final AtomicLongArray ranges;
    private final AtomicInteger done = new AtomicInteger();
    private volatile int generation;
    private volatile @Nullable IntConsumer body;
    /** Whether a loop runs; written under {@link #lock}, read without it by {@link #running}. */
    private volatile boolean busy;
    private volatile @Nullable Throwable failure;

    /** @param helpers the number of helper threads, at least 1 */
    Workers(int helpers) {
        participants = helpers + 1;
        ranges = new AtomicLongArray(participants * STRIDE);
        for (int i = 0; i < helpers; i++) {
            int participant = i + 1;
            Thread t = new Thread(() -> help(participant), "saliency4j-worker-" + i);
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * @return whether a loop is running now, so that one started now would be refused (a hint: another thread may
     *         start or end one at any time)
     */
    boolean running() {
        return busy;
    }

    /**
     * Runs {@code body} for each index of [0, n) on this thread and the helpers, and returns when all are done.
     * This thread owns the first of the {@code helpers + 1} equal ranges of items ({@link #rangeStart}), helper
     * {@code i} the {@code i + 2}-th.
     *
     * @param n     the number of items, at most {@link #MAX_ITEMS}
     * @param items computes the outputs of one item
     * @return false, having run nothing, when another loop is running or {@code n} is too large
     */
    boolean run(int n, IntConsumer items) {
        if (n > MAX_ITEMS) {
            return false;
        }
        int gen;
        synchronized (lock) {
            if (busy) {
                return false;
            }
            busy = true;
            gen = generation + 1;
            failure = null;
            done.set(0);
            body = items;
            for (int p = 0; p < participants; p++) {
                ranges.set(p * STRIDE, tag(gen) | (long) rangeStart(n, p + 1, participants) << BITS
                        | rangeStart(n, p, participants));
            }
            generation = gen;
            lock.notifyAll();
        }
        try {
            work(0, gen, items);
            while (done.get() < n) {
                Thread.onSpinWait();
            }
        } finally {
            synchronized (lock) {
                body = null;
                busy = false;
            }
        }
        Throwable f = failure;
        if (f instanceof RuntimeException e) {
            throw e;
        } else if (f instanceof Error e) {
            throw e;
        } else if (f != null) {
            throw new IllegalStateException(f);
        }
        return true;
    }

    /**
     * The first item of a participant's range, {@code ceil(n * participant / participants)}: equal contiguous ranges
     * (sizes differ by at most one), and with fewer items than participants the caller's range still holds item 0.
     *
     * @param n            the number of items
     * @param participant  the participant, 0 for the caller; {@code participants} gives the end of the last range
     * @param participants the caller and the helpers
     * @return the first item of the range
     */
    static int rangeStart(int n, int participant, int participants) {
        return (int) (((long) n * participant + participants - 1) / participants);
    }

    private static long tag(int gen) {
        return (long) (gen & 0xFFFFF) << (2 * BITS);
    }

    /**
     * Claims and runs items of loop {@code gen}: first the participant's own range from its front, then each other
     * range from its back, while the counters carry that loop's tag. {@code items} is that loop's body: it was read
     * after the loop's number, and a later loop cannot start before this one ends.
     */
    private void work(int participant, int gen, IntConsumer items) {
        long tag = tag(gen);
        for (int k = 0; k < participants; k++) {
            int at = (participant + k) % participants * STRIDE;
            while (true) {
                long r = ranges.get(at);
                long next = r & MASK;
                long end = (r >>> BITS) & MASK;
                if ((r & ~BELOW_TAG) != tag) {
                    return;
                }
                if (next >= end) {
                    break;
                }
                boolean own = k == 0;
                if (!ranges.compareAndSet(at, r, own ? r + 1 : r - (1L << BITS))) {
                    continue;
                }
                try {
                    items.accept((int) (own ? next : end - 1));
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private void help(int participant) {
        int seen = 0;
        while (true) {
            for (int spin = 0; spin < SPINS && generation == seen; spin++) {
                Thread.onSpinWait();
            }
            if (generation == seen) {
                synchronized (lock) {
                    while (generation == seen) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
            int gen = generation;
            IntConsumer items = body;
            seen = gen;
            if (items != null) {
                work(participant, gen, items);
            }
        }
    }
}
