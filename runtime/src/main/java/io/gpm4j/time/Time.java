package io.gpm4j.time;

import io.gpm4j.runtime.WaitReason;
import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.Select;
import io.gpm4j.runtime.Goroutines;
import io.gpm4j.runtime.ParkUnlock;
import io.gpm4j.runtime.RuntimeTimer;
import io.gpm4j.runtime.Waiter;
import io.gpm4j.runtime.park.Parking;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Go's package {@code time}: sleeping and timers, on the scheduler's per-P timers (no timer
 * thread; a sleeping goroutine holds no thread).
 */
public final class Time {
    /** Readies the sleeping waiter. Go: goroutineReady. */
    static final RuntimeTimer.Fire READY = (arg, now) -> ((Waiter) arg).ready();
    /** Sends the current time without blocking; a full channel drops it. Go: sendTime. */
    static final RuntimeTimer.Fire SEND_TIME = (arg, now) -> {
        @SuppressWarnings("unchecked")
        Chan<Instant> c = (Chan<Instant>) arg;
        Select.trySelect(Select.send(c, Instant.now()));
    };
    /** Starts the function in its own goroutine. Go: goFunc. */
    static final RuntimeTimer.Fire GO_FUNC = (arg, now) -> Go.go((Runnable) arg);
    /** Arms the sleep timer once the goroutine is parked, so that it cannot fire too soon. Go: resetForSleep. */
    private static final ParkUnlock ARM = (waiter, lock) -> {
        SleepTimer t = (SleepTimer) lock;
        t.timer.reset(t.deadline, 0);
        return true;
    };

    private Time() {
    }

    /** A sleep in progress: its timer and deadline. */
    private static final class SleepTimer {
        final RuntimeTimer timer;
        final long deadline;

        SleepTimer(RuntimeTimer timer, long deadline) {
            this.timer = timer;
            this.deadline = deadline;
        }
    }

    /** Pauses the caller for at least {@code d} ({@code time.Sleep}); never returns early. */
    public static void sleep(Duration d) {
        long nanos = saturatedNanos(d);
        if (nanos <= 0) {
            return;
        }
        long deadline = System.nanoTime() + nanos;
        if (Goroutines.goid() == 0) {
            // a plain thread: block it; an interrupt neither ends the sleep nor is lost (a set flag
            // would make every park return at once: it is taken, and given back at the end)
            boolean interrupted = false;
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        SleepTimer sleep = new SleepTimer(new RuntimeTimer(READY, Goroutines.currentWaiter()), deadline);
        while (deadline - System.nanoTime() > 0) {
            Parking.park(ARM, sleep, WaitReason.SLEEP);
        }
    }

    /** A channel that receives the time once {@code d} has passed ({@code time.After}). */
    public static Chan<Instant> after(Duration d) {
        return newTimer(d).c();
    }

    /** A timer whose channel receives the time once {@code d} has passed ({@code time.NewTimer}). */
    public static Timer newTimer(Duration d) {
        Chan<Instant> c = Chan.make(1);
        RuntimeTimer t = new RuntimeTimer(SEND_TIME, c);
        t.reset(deadline(d), 0);
        return new Timer(t, c);
    }

    /** Runs {@code f} in its own goroutine once {@code d} has passed ({@code time.AfterFunc}). */
    public static Timer afterFunc(Duration d, Runnable f) {
        Objects.requireNonNull(f, "f");
        RuntimeTimer t = new RuntimeTimer(GO_FUNC, f);
        t.reset(deadline(d), 0);
        return new Timer(t, null);
    }

    /**
     * A ticker whose channel receives the time every {@code d} ({@code time.NewTicker}); a slow
     * reader misses ticks rather than queueing them.
     *
     * @throws IllegalArgumentException when {@code d} is not positive
     */
    public static Ticker newTicker(Duration d) {
        long period = saturatedNanos(d);
        if (period <= 0) {
            throw new IllegalArgumentException("non-positive interval for NewTicker");
        }
        Chan<Instant> c = Chan.make(1);
        RuntimeTimer t = new RuntimeTimer(SEND_TIME, c);
        t.reset(System.nanoTime() + period, period);
        return new Ticker(t, c);
    }

    static long deadline(Duration d) {
        long nanos = Math.max(0, saturatedNanos(d));
        return System.nanoTime() + nanos;
    }

    static long saturatedNanos(Duration d) {
        Objects.requireNonNull(d, "d");
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE / 4;
        }
    }
}
