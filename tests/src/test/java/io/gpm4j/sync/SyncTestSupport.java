package io.gpm4j.sync;

import io.gpm4j.Go;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Helpers shared by the sync tests. An assertion that fails inside a goroutine needs no helper:
 * {@code io.gpm4j.testkit.TestGuard} fails the test with it at once.
 */
final class SyncTestSupport {
    private SyncTestSupport() {
    }

    /** Waits (on a plain thread) until {@code cond} holds, failing after {@code seconds}. */
    static void awaitTrue(String what, long seconds, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + Go.stack(true));
            }
            Thread.sleep(1);
        }
    }

    /** In a goroutine: yields until {@code cond} holds, failing after {@code seconds}. */
    static void goAwait(String what, long seconds, BooleanSupplier cond) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + Go.stack(true));
            }
            Go.gosched();
        }
    }

    /**
     * In a goroutine: yields until the all-goroutines dump shows goroutine {@code goid} waiting
     * with {@code reason}; returns that dump.
     */
    static String awaitWaitReason(long goid, String reason) {
        String header = "goroutine " + goid + " [" + reason + "]:";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            String dump = Go.stack(true);
            if (dump.contains(header)) {
                return dump;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + header + "\" in\n" + dump);
            }
            Go.gosched();
        }
    }

    /** Burns about {@code micros} of CPU without yielding. */
    static void busy(long micros) {
        long end = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
