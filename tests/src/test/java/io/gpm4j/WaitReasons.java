package io.gpm4j;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: waits, through the goroutine dump ({@link Go#stack(boolean)}), until goroutines are
 * observably parked with a given wait reason, so that a test's precondition ("the senders are
 * parked") is a fact rather than a hope about scheduling. Works in a goroutine (it yields) and on
 * a plain thread (it sleeps); fails after a generous deadline with the dump.
 */
public final class WaitReasons {
    private static final long DEADLINE_SECONDS = 30;

    private WaitReasons() {
    }

    /** Whether {@code dump} shows goroutine {@code goid} waiting with {@code reason}. */
    public static boolean shows(String dump, long goid, String reason) {
        return dump.contains("goroutine " + goid + " [" + reason + "]:\n");
    }

    /** Waits until every goroutine in {@code goids} is parked with {@code reason}; returns the dump that showed it. */
    public static String awaitParked(Collection<Long> goids, String reason) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        for (;;) {
            String dump = Go.stack(true);
            if (goids.stream().allMatch(g -> g != 0 && shows(dump, g, reason))) {
                return dump;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("goroutines " + goids + " not all [" + reason + "] after "
                        + DEADLINE_SECONDS + " s:\n" + dump);
            }
            pause();
        }
    }

    /** As {@link #awaitParked(Collection, String)} for one goroutine. */
    public static String awaitParked(long goid, String reason) {
        return awaitParked(java.util.List.of(goid), reason);
    }

    private static void pause() {
        if (Go.goid() != 0) {
            Go.gosched();
        } else {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
