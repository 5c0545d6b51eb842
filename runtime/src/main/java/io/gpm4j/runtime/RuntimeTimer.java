package io.gpm4j.runtime;

/**
 * Internal: not part of the public API; public because {@code io.gpm4j.time} builds its timers on
 * it.
 *
 * <p>A timer of the scheduler: when its time comes, an M running the scheduler calls its function
 * (on g0, so the function must not block: it readies a goroutine, sends without blocking, or
 * starts a goroutine). Timers live in the heap of a P ({@link TimerHeap}) and are run by
 * {@code findRunnable}; an M with nothing to do sleeps until the earliest one. No timer thread.
 *
 * <p>Go: runtime.timer (runtime/time.go), addtimer, deltimer, modtimer.
 */
public final class RuntimeTimer {
    /**
     * Internal: not part of the public API; public because {@code io.gpm4j.time} implements it.
     *
     * <p>What a timer does when it fires. Runs on a scheduler thread: must not block.
     */
    @FunctionalInterface
    public interface Fire {
        void fire(Object arg, long nowNanos);
    }

    final Fire fire;
    final Object arg;
    /** When it fires, in {@link System#nanoTime} terms. Guarded by the heap's lock. */
    long when;
    /** Re-arm period in nanoseconds, 0 for a one-shot timer. Guarded by the heap's lock. */
    long period;
    /** The heap the timer is in, or null when not pending. Written under that heap's lock. */
    volatile TimerHeap heap;
    /** Position in the heap's array. Guarded by the heap's lock. */
    int index = -1;

    public RuntimeTimer(Fire fire, Object arg) {
        this.fire = fire;
        this.arg = arg;
    }

    /**
     * Arms the timer to fire at {@code whenNanos} (and then every {@code periodNanos} when
     * positive), on the caller's P or, from a plain thread, on a P of the scheduler's choosing.
     * Returns whether it was pending before (and so re-armed). Go: addtimer / modtimer.
     */
    public boolean reset(long whenNanos, long periodNanos) {
        boolean wasPending = stop();
        Sched.get().timers().add(this, whenNanos, Math.max(0, periodNanos));
        return wasPending;
    }

    /** Disarms the timer; returns whether it was pending (false: it fired or was never armed). Go: deltimer. */
    public boolean stop() {
        for (;;) {
            TimerHeap h = heap;
            if (h == null) {
                return false;
            }
            synchronized (h) {
                if (heap != h) {
                    continue; // moved to another P meanwhile
                }
                h.remove(this);
                Sched.get().timers().removed();
                return true;
            }
        }
    }

    /** Whether the timer is armed and has not fired yet. */
    boolean pending() {
        return heap != null;
    }
}
