package io.gpm4j.runtime.park;

import io.gpm4j.runtime.Continuation;
import io.gpm4j.runtime.Goroutines;
import io.gpm4j.time.Time;
import java.time.Duration;

/**
 * Internal: not part of the public API; public because the code the agent emits calls it.
 *
 * <p>The JDK calls that park: in code the agent rewrites, a call to {@code Thread.sleep(long)},
 * {@code Thread.sleep(long, int)}, {@code Thread.sleep(Duration)} (Java 19+) or
 * {@code Thread.yield()} is redirected to the method of the same name and descriptor here (JDK
 * code itself is never rewritten, so a sleep inside the JDK still blocks its thread). A call made
 * while holding a monitor is left as it was: it blocks its carrier, as any JDK call does.
 *
 * <p>On a goroutine, {@code sleep} parks it on a timer like {@code Time.sleep} (wait reason
 * {@code sleep}; its carrier runs other goroutines meanwhile) and {@code yield} yields it like
 * {@code Go.gosched}. On a plain thread (no goroutine) each calls the JDK method unchanged.
 *
 * <p>Interruption: the goroutine's thread, {@code Thread.currentThread()}, is its carrier, which
 * many goroutines share. On a goroutine, {@code sleep} keeps {@code Thread.sleep}'s contract at
 * entry: if the carrier's interrupt flag is set, it clears the flag and throws
 * {@link InterruptedException} without parking. A goroutine already parked in {@code sleep} is
 * <b>not</b> woken by {@code Thread.interrupt()} of a carrier: interrupting a carrier is not a way
 * to reach a goroutine (it may be running another one by then). Use a channel or a context to
 * cancel a goroutine's wait.
 *
 * <p>Arguments are checked as the JDK does: a negative time or nanosecond count out of range throws
 * {@link IllegalArgumentException}, a null {@code Duration} {@link NullPointerException}; a zero
 * sleep (or a negative {@code Duration}) returns at once on a goroutine.
 *
 * <p>Go: time.Sleep, runtime.Gosched.
 */
public final class ThreadCalls {
    private ThreadCalls() {
    }

    /** {@code Thread.sleep(long)}, parking a goroutine. */
    public static void sleep(long millis) throws InterruptedException {
        if (Goroutines.goid() == 0) {
            Thread.sleep(millis);
            return;
        }
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        park(millis, 0);
    }

    /** {@code Thread.sleep(long, int)}, parking a goroutine. */
    public static void sleep(long millis, int nanos) throws InterruptedException {
        if (Goroutines.goid() == 0) {
            Thread.sleep(millis, nanos);
            return;
        }
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        if (nanos < 0 || nanos > 999_999) {
            throw new IllegalArgumentException("nanosecond timeout value out of range");
        }
        park(millis, nanos);
    }

    /**
     * {@code Thread.sleep(Duration)} (Java 19+), parking a goroutine. On a plain thread it sleeps
     * as that method does (a negative duration does not sleep), through {@code Thread.sleep(long, int)}
     * so that this class also loads on Java 17.
     */
    public static void sleep(Duration duration) throws InterruptedException {
        long nanos = saturatedNanos(duration);
        if (Goroutines.goid() == 0) {
            if (nanos >= 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
            return;
        }
        if (nanos >= 0) {
            park(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }

    /** {@code Thread.yield()}: on a goroutine, {@code Go.gosched}. */
    public static void yield() {
        if (Goroutines.prepareGosched()) {
            Continuation.suspend();
        }
        // on a plain thread prepareGosched called Thread.yield()
    }

    /** A goroutine's sleep: the interrupt check at entry, then the timer park. */
    private static void park(long millis, int nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("sleep interrupted");
        }
        if (millis == 0 && nanos == 0) {
            return;
        }
        Duration d = millis > Long.MAX_VALUE / 1_000_000 ? Duration.ofMillis(millis)
                : Duration.ofNanos(millis * 1_000_000 + nanos);
        Time.sleep(d);
    }

    private static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            return -1;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
