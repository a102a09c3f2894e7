package org.saliency4j.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A team of daemon threads that share the items of one parallel loop at a time with the thread that calls
 * {@link #run}. Unlike a parallel stream it allocates nothing per loop: the loop's items are handed out from one
 * counter tagged with the loop's number, so a helper that wakes late can never take an item of a later loop.
 * A loop started while another runs (from another thread, or nested in an item) is refused and runs on its
 * caller alone, which gives the same results.
 */
final class Workers {
    /** How long (spin-wait iterations) a helper watches for the next loop before it blocks. */
    private static final int SPINS = 1 << 14;

    private final Object lock = new Object();
    /** The loop's number in the high 32 bits, its next unclaimed item in the low 32. */
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile int generation;
    private @Nullable IntConsumer body;
    private int count;
    private boolean busy;
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
     * Runs {@code body} for each index of [0, n) on this thread and the helpers, and returns when all are done.
     *
     * @param n    the number of items
     * @param body computes the outputs of one item
     * @return false, having run nothing, when another loop is running
     */
    boolean run(int n, IntConsumer body) {
        int gen;
        synchronized (lock) {
            if (busy) {
                return false;
            }
            busy = true;
            gen = generation + 1;
            this.body = body;
            count = n;
            failure = null;
            done.set(0);
            ticket.set((long) gen << 32);
            generation = gen;
            lock.notifyAll();
        }
        try {
            work(gen, n, body);
            while (done.get() < n) {
                Thread.onSpinWait();
            }
        } finally {
            synchronized (lock) {
                this.body = null;
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

    /** Claims and runs items of loop {@code gen} until none is left, or the ticket has moved to another loop. */
    private void work(int gen, int n, IntConsumer items) {
        while (true) {
            long t = ticket.get();
            int i = (int) t;
            if ((int) (t >>> 32) != gen || i >= n) {
                return;
            }
            if (!ticket.compareAndSet(t, t + 1)) {
                continue;
            }
            try {
                items.accept(i);
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
            int gen;
            int n;
            IntConsumer items;
            synchronized (lock) {
                while (generation == seen || !busy) {
                    seen = generation;
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                gen = generation;
                n = count;
                items = body;
                seen = gen;
            }
            if (items != null) {
                work(gen, n, items);
            }
        }
    }
}
