package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Sysmon's CPU clock: loaded on a thread of its own, it tells running from waiting. */
class CpuClockTest {

    @Test
    void countsTheCpuAThreadUsesAndNotTheTimeItWaits() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long before;
        while ((before = CpuClock.of(Thread.currentThread())) < 0) {
            assertTrue(System.nanoTime() < deadline, "the clock loaded within 10 s");
            Thread.sleep(1);
        }
        long end = System.nanoTime() + 30_000_000;
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++;
        }
        long used = CpuClock.of(Thread.currentThread()) - before;
        assertTrue(used >= 10_000_000, "30 ms of spinning (" + spins + " passes) used " + used + " ns of CPU");

        CountDownLatch release = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpuclock-waiter");
        waiter.start();
        try {
            Thread.sleep(20); // started and parked
            long w0 = CpuClock.of(waiter);
            Thread.sleep(50);
            long waited = CpuClock.of(waiter) - w0;
            assertTrue(w0 >= 0 && waited < 5_000_000, "a parked thread's clock stands still: " + waited + " ns in 50 ms");
        } finally {
            release.countDown();
            waiter.join();
        }
    }
}
