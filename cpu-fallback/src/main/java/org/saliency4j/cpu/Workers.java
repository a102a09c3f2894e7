package org.saliency4j.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A team of daemon threads that share the items of one parallel loop at a time with the thread that calls
 * {@link #run}. Unlike a parallel stream it allocates nothing per loop. The loop's items are handed out from one
 * counter that also holds the loop's tag and its number of items, so a helper that wakes late can never take an
 * item of a later loop, and helpers join a loop without taking a lock. A loop started while another runs (from
 * another thread, or nested in an item) is refused and runs on its caller alone, which gives the same results.
 */
final class Workers {
    /** How long (spin-wait iterations) a helper watches for the next loop before it blocks. */
    private static final int SPINS = 1 << 14;
    /** Bits of the ticket for the next item and for the number of items: loops of up to 4,194,303 items. */
    private static final int BITS = 22;
    private static final long MASK = (1L << BITS) - 1;
    /** The largest number of items a loop may have. */
    static final int MAX_ITEMS = (int) MASK;

    private final Object lock = new Object();
    /** The loop's tag (its number) in the high 20 bits, its item count, then its next unclaimed item. */
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile int generation;
    private volatile @Nullable IntConsumer body;
    /** Whether a loop runs; written under {@link #lock}, read without it by {@link #running}. */
    private volatile boolean busy;
    private volatile @Nullable Throwable failure;

    /** @param helpers the number of helper threads, at least 1 */
    Workers(int helpers) {
        for (int i = 0; i < helpers; i++) {
            Thread t = new Thread(this::help, "saliency4j-worker-" + i);
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
            ticket.set(tag(gen) | (long) n << BITS);
            generation = gen;
            lock.notifyAll();
        }
        try {
            work(gen, items);
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

    private static long tag(int gen) {
        return (long) (gen & 0xFFFFF) << (2 * BITS);
    }

    /**
     * Claims and runs items while the ticket carries loop {@code gen}'s tag and items are left. {@code items} is
     * that loop's body: it was read after the loop's number, and a later loop cannot start before this one ends.
     */
    private void work(int gen, IntConsumer items) {
        long tag = tag(gen);
        while (true) {
            long t = ticket.get();
            long i = t & MASK;
            if ((t & ~((1L << (2 * BITS)) - 1)) != tag || i >= ((t >>> BITS) & MASK)) {
                return;
            }
            if (!ticket.compareAndSet(t, t + 1)) {
                continue;
            }
            try {
                items.accept((int) i);
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
            } finally {
                done.incrementAndGet();
            }
        }
    }

    private void help() {
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
                work(gen, items);
            }
        }
    }
}
