package io.gpm4j;

import io.gpm4j.runtime.SchedProbe;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers shared by the scheduler tests (and, for GOMAXPROCS, the sync tests). */
public final class TestSupport {
    private TestSupport() {
    }

    /** Burns about {@code micros} of CPU without yielding. */
    static long busy(long micros) {
        long end = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
        long x = 0;
        while (System.nanoTime() < end) {
            x++;
        }
        return x;
    }

    /** Waits (on a plain thread) until {@code cond} holds, failing after {@code seconds}. */
    static void awaitTrue(String what, long seconds, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + SchedProbe.describe());
            }
            Thread.sleep(1);
        }
    }

    /**
     * The JUnit tag of a test that checks one exact schedule (the order in which goroutines take
     * turns on one P, a timer racing a stop, a deadline racing the first write): chaos mode makes
     * goroutines yield at random, which changes that schedule by design, so the chaos pass of
     * {@code .ci/run} leaves these out ({@code -DexcludedGroups=exact-schedule}); the normal pass runs them.
     */
    public static final String EXACT_SCHEDULE = "exact-schedule";

    /** Runs {@code body} with GOMAXPROCS set to {@code n}, restoring the previous value. */
    public static void withProcs(int n, ThrowingRunnable body) throws Exception {
        int previous = Go.gomaxprocs(n);
        try {
            body.run();
        } finally {
            Go.gomaxprocs(previous);
        }
    }

    /**
     * Runs one round of an exact-schedule check, and runs it again (up to {@code maxRounds} in all)
     * when it failed and sysmon took a goroutine out of turn during it: a preemption, or a P
     * retaken from an M the OS left unscheduled past the hand-off threshold (on a loaded 2-CPU CI
     * machine a carrier can stall for milliseconds; the runtime then rightly lets the other
     * goroutine run alone). A failure in a round where neither happened is the test's verdict.
     */
    public static void repeatIfOutOfTurn(int maxRounds, ThrowingRunnable round) throws Exception {
        for (int n = 1; ; n++) {
            long preemptions = SchedProbe.preemptions();
            long handOffs = SchedProbe.handOffs();
            try {
                round.run();
                return;
            } catch (AssertionError e) {
                boolean outOfTurn = SchedProbe.preemptions() != preemptions
                        || SchedProbe.handOffs() != handOffs;
                if (!outOfTurn || n >= maxRounds) {
                    throw e;
                }
            }
        }
    }

    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
