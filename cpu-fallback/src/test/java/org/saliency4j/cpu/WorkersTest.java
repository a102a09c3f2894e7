package org.saliency4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The helper team runs every item of a loop exactly once, reports failures, and refuses overlapping loops. */
class WorkersTest {
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
