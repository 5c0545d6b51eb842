package io.gpm4j.sync;

import java.util.Objects;

/**
 * A condition variable: a rendezvous for goroutines (and threads) waiting for, or announcing, a
 * change of state guarded by a {@link Mutex}. Waiting goroutines park, plain threads block.
 *
 * <p>As in Go, {@link #await} must be called with the mutex held, and there are no spurious
 * wake-ups but also no guarantee that the condition holds on return (another locker may have
 * changed it first), so wait in a loop:
 * <pre>{@code
 * m.lock();
 * while (!condition()) {
 *     c.await();
 * }
 * ... use the condition ...
 * m.unlock();
 * }</pre>
 * Signal and broadcast may be called with or without the mutex held.
 *
 * <p>Go: sync.Cond (sync/cond.go), on the runtime's ticket-based {@link NotifyList}.
 */
public final class Cond {
    /** The lock the condition is about. Go: Cond.L. */
    private final Mutex l;
    /** Go: Cond.notify. */
    private final NotifyList notify = new NotifyList();

    /** A condition variable about {@code m}. Go: sync.NewCond. */
    public Cond(Mutex m) {
        this.l = Objects.requireNonNull(m, "m");
    }

    /** The mutex this condition is about. Go: Cond.L. */
    public Mutex mutex() {
        return l;
    }

    /**
     * Unlocks the mutex, waits for a {@link #signal} or {@link #broadcast}, and locks the mutex
     * again before returning. Go: Cond.Wait.
     */
    public void await() {
        // The ticket is taken under the lock: a signal after our unlock is counted for us.
        int t = notify.add();
        l.unlock();
        notify.await(t);
        l.lock();
    }

    /** Wakes one waiter, the longest waiting, if there is any. Go: Cond.Signal. */
    public void signal() {
        notify.wakeOne();
    }

    /** Wakes all waiters. Go: Cond.Broadcast. */
    public void broadcast() {
        notify.wakeAll();
    }
}
