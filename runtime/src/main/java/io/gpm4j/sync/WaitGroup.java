package io.gpm4j.sync;

import io.gpm4j.runtime.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Waits for a collection of goroutines (or threads) to finish: the starter {@link #add}s one per
 * task, each task calls {@link #done} at its end, and {@link #await} blocks until the counter is
 * zero. Waiting goroutines park, plain threads block. As in Go, calls to add with a positive
 * delta that start while the counter is zero must happen before await.
 *
 * <p>Go: sync.WaitGroup (sync/waitgroup.go). One long holds both halves so that they change
 * together: the counter in the high 32 bits, the number of waiters in the low 32. Waiters park
 * on {@link #sema}; the add that brings the counter to zero clears the word and releases one
 * unit per waiter.
 */
public final class WaitGroup {
    static final WaitReason WAIT_REASON = WaitReason.SYNC_WAITGROUP_WAIT;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitGroup.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Counter (high 32 bits) and waiter count (low 32). Atomic add and CAS only. Go: WaitGroup.state. */
    private volatile long state;
    /** Where await parks. Go: WaitGroup.sema. */
    private final Sema sema = new Sema();

    /** A WaitGroup with counter zero. */
    public WaitGroup() {
    }

    /**
     * Adds {@code delta}, which may be negative, to the counter; when it reaches zero every
     * waiter is released. Go: WaitGroup.Add.
     *
     * @throws IllegalStateException "sync: negative WaitGroup counter" (Go: a panic); the add
     *                               is undone, so the counter stays as it was
     */
    public void add(int delta) {
        long d = (long) delta << 32;
        long state = (long) STATE.getAndAdd(this, d) + d;
        int v = (int) (state >> 32);
        int w = (int) state;
        if (v < 0) {
            STATE.getAndAdd(this, -d);
            throw new IllegalStateException("sync: negative WaitGroup counter");
        }
        if (w != 0 && delta > 0 && v == delta) {
            throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
        }
        if (v > 0 || w == 0) {
            return;
        }
        // We brought the counter to zero with waiters present. Now nothing else may change the
        // word: adds must not run concurrently with wait, and wait adds no waiter at zero.
        // A cheap check still catches misuse.
        if (this.state != state) {
            throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
        }
        // Reset the waiter count to zero, then release the waiters.
        this.state = 0;
        for (; w != 0; w--) {
            sema.release(false);
        }
    }

    /** Decrements the counter by one. Go: WaitGroup.Done. */
    public void done() {
        add(-1);
    }

    /** Blocks until the counter is zero. Go: WaitGroup.Wait. */
    public void await() {
        for (;;) {
            long state = this.state;
            if ((int) (state >> 32) == 0) {
                return; // counter is zero: no need to wait
            }
            // Count ourselves as a waiter, then sleep; the add that reaches zero releases us.
            if (STATE.compareAndSet(this, state, state + 1)) {
                sema.acquire(false, WAIT_REASON);
                if (this.state != 0) {
                    throw new IllegalStateException("sync: WaitGroup is reused before previous Wait has returned");
                }
                return;
            }
        }
    }

    /** The counter (racy; for tests). */
    int counter() {
        return (int) (state >> 32);
    }

    /** The number of waiters (racy; for tests). */
    int waiters() {
        return (int) state;
    }

    @Override
    public String toString() {
        long s = state;
        return "WaitGroup[counter=" + (int) (s >> 32) + ", waiters=" + (int) s + "]";
    }
}
