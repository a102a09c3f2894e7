package org.saliency4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The helper team runs every item of a loop exactly once, each participant its own range first, reports failures,
 * and refuses overlapping loops.
 */
class WorkersTest {
    /** Long enough for a parked helper to wake on any machine; the tests below never wait it out when they pass. */
    private static final long PATIENCE_SECONDS = 30;

    private final Workers workers = new Workers(2);

    @Test
    void everyItemOfEveryLoopRunsExactlyOnce() {
        for (int loop = 0; loop < 2000; loop++) {
            int n = 1 + loop % 37;
            AtomicIntegerArray runs = new AtomicIntegerArray(n);
            assertThat(workers.run(n, runs::incrementAndGet)).isTrue();
            for (int i = 0; i < n; i++) {
                assertThat(runs.get(i)).as("loop %d item %d", loop, i).isEqualTo(1);
            }
        }
    }

    /**
     * The caller's items wait until the helper has started one; so the helper cannot find its range taken, and
     * must start it from the front: item 4 of 8 (ranges [0, 4) and [4, 8) for the caller and one helper).
     */
    @Test
    void aHelperStartsItsOwnRangeFromTheFront() {
        Workers pair = new Workers(1);
        Thread caller = Thread.currentThread();
        AtomicInteger helpersFirst = new AtomicInteger(-1);
        CountDownLatch helperStarted = new CountDownLatch(1);
        pair.run(8, i -> {
            if (Thread.currentThread() != caller) {
                helpersFirst.compareAndSet(-1, i);
                helperStarted.countDown();
            } else {
                await(helperStarted);
            }
        });
        assertThat(helpersFirst).hasValue(4);
    }

    /**
     * A helper stuck in the first item of its range [4, 8) until item 5 has run: the caller runs its own range in
     * order, then takes the helper's from the back: 7, 6, 5 (and 4 if the helper came too late to claim it).
     */
    @Test
    void aStuckHelpersRangeIsTakenFromItsBack() {
        Workers pair = new Workers(1);
        Thread caller = Thread.currentThread();
        List<Integer> callers = new ArrayList<>();
        CountDownLatch fiveRan = new CountDownLatch(1);
        pair.run(8, i -> {
            if (Thread.currentThread() == caller) {
                callers.add(i);
            }
            if (i == 5) {
                fiveRan.countDown();
            } else if (i == 4 && Thread.currentThread() != caller) {
                await(fiveRan);
            }
        });
        assertThat(callers).startsWith(0, 1, 2, 3, 7, 6, 5);
    }

    /** Ranges cover every item once, differ in size by at most one, and give the caller item 0 whenever there is one. */
    @Test
    void rangesAreEqualAndTheCallersHoldsTheFirstItem() {
        for (int participants = 1; participants <= 17; participants++) {
            for (int n = 0; n <= 40; n++) {
                assertThat(Workers.rangeStart(n, 0, participants)).isZero();
                assertThat(Workers.rangeStart(n, participants, participants)).isEqualTo(n);
                int smallest = Integer.MAX_VALUE;
                int largest = 0;
                for (int p = 0; p < participants; p++) {
                    int size = Workers.rangeStart(n, p + 1, participants) - Workers.rangeStart(n, p, participants);
                    smallest = Math.min(smallest, size);
                    largest = Math.max(largest, size);
                }
                assertThat(largest - smallest).as("%d items, %d participants", n, participants).isLessThanOrEqualTo(1);
                if (n > 0) {
                    assertThat(Workers.rangeStart(n, 1, participants)).as("the caller's range end").isPositive();
                }
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("waited %d s", PATIENCE_SECONDS).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFailingItemFailsTheLoopAfterTheOthersFinish() {
        AtomicIntegerArray runs = new AtomicIntegerArray(50);
        assertThatThrownBy(() -> workers.run(50, i -> {
            runs.incrementAndGet(i);
            if (i == 7) {
                throw new ArithmeticException("item 7");
            }
        })).isInstanceOf(ArithmeticException.class).hasMessage("item 7");
        for (int i = 0; i < 50; i++) {
            assertThat(runs.get(i)).isEqualTo(1);
        }
        assertThat(workers.run(3, i -> { })).as("usable after a failure").isTrue();
    }

    @Test
    void aLoopInsideAnItemIsRefusedAndRunsNothing() {
        AtomicBoolean nestedAccepted = new AtomicBoolean(true);
        AtomicIntegerArray nestedRuns = new AtomicIntegerArray(4);
        workers.run(4, i -> {
            if (i == 0) {
                nestedAccepted.set(workers.run(4, nestedRuns::incrementAndGet));
            }
        });
        assertThat(nestedAccepted).isFalse();
        for (int i = 0; i < 4; i++) {
            assertThat(nestedRuns.get(i)).isZero();
        }
    }

    @Test
    void loopsFromTwoThreadsEachRunAllTheirItems() throws InterruptedException {
        AtomicIntegerArray a = new AtomicIntegerArray(500);
        AtomicIntegerArray b = new AtomicIntegerArray(500);
        Thread other = new Thread(() -> {
            for (int loop = 0; loop < 100; loop++) {
                int l = loop;
                Parallel.forEach(5, Long.MAX_VALUE, i -> a.incrementAndGet(l * 5 + i));
            }
        });
        other.start();
        for (int loop = 0; loop < 100; loop++) {
            int l = loop;
            Parallel.forEach(5, Long.MAX_VALUE, i -> b.incrementAndGet(l * 5 + i));
        }
        other.join();
        for (int i = 0; i < 500; i++) {
            assertThat(a.get(i)).isEqualTo(1);
            assertThat(b.get(i)).isEqualTo(1);
        }
    }
}
