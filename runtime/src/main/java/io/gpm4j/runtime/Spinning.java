package io.gpm4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The spinning-M count and each M's spinning flag, kept in step: the only code that changes
 * either. An M is <em>spinning</em> while it looks for work without having found any; the count
 * lets a waker skip starting an M when one is already looking ({@link Ms#wakep}), and the last
 * spinner to find work wakes the next ({@link Ms#resetSpinning}).
 *
 * <p>The invariant: the count equals the number of Ms whose {@link M#spinning} is true, plus at
 * most the claims in flight (a waker's {@link #claim} for an M that {@code startm} has not yet
 * chosen). Hence it is never negative, and an M that stops ({@code stopm}) or leaves the
 * scheduler is never still counted: {@link #stop} is the one way out of the spinning state, and
 * {@code stopm} refuses a spinning M. An M counted but parked would make every later
 * {@code wakep} believe someone is looking, and work would sit in run queues with every M asleep.
 *
 * <p>Go: sched.nmspinning and m.spinning; the increments in wakep, handoffp and findRunnable, the
 * decrements in startm, resetspinning and findRunnable's "delicate dance".
 */
final class Spinning {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Spinning.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Go: sched.nmspinning. Changed only by the methods below, atomically; read racily. */
    private volatile int count;

    /** Spinning Ms, claims included. Racy. */
    int count() {
        return count;
    }

    /**
     * Claims the one spinning slot for an M still to be started, when no M spins: true when this
     * caller won and must now start one ({@code startm(p, true)}, which hands the claim to the M
     * it picks, or {@link #unclaim}s it). Any thread. Go: wakep's and handoffp's
     * {@code nmspinning.CompareAndSwap(0, 1)}.
     */
    boolean claim() {
        return count == 0 && COUNT.compareAndSet(this, 0, 1);
    }

    /**
     * Gives up a {@link #claim} that no M took (startm found no idle P). Go: startm's
     * {@code nmspinning.Add(-1)}.
     */
    void unclaim() {
        decrement("startm: negative nmspinning");
    }

    /**
     * Hands a won {@link #claim} to {@code m}, which startm is about to wake or create: the count
     * already includes it. Called before the M runs. Go: {@code nmp.spinning = spinning} in startm.
     */
    void handTo(M m) {
        m.spinning = true;
    }

    /**
     * Whether {@code m} may look for work to steal: it spins already, or fewer than half the busy
     * Ps have a spinner (so spinning Ms never burn more CPU than the busy ones). Racy, as in Go.
     * Go: findRunnable's {@code mp.spinning || 2*nmspinning < gomaxprocs-npidle}.
     */
    boolean mayStart(M m, int procs, int idleProcs) {
        return m.spinning || 2 * count < procs - idleProcs;
    }

    /** Counts {@code m} as spinning, unless it is already. Owner M only. Go: findRunnable. */
    void start(M m) {
        if (!m.spinning) {
            m.spinning = true;
            COUNT.getAndAdd(this, 1);
        }
    }

    /**
     * Stops counting {@code m}, and ends its linger beside a talking pair if it was in one
     * ({@code Sched.lingers}, part of a spinning stretch); returns whether it was spinning (then
     * the caller owes a {@code wakep}, as the work the M was looking for may still be there). A
     * count that would go negative is a broken invariant: fatal. Owner M only.
     * Go: resetspinning, and findRunnable's decrement before its last look.
     */
    boolean stop(M m) {
        if (!m.spinning) {
            return false;
        }
        m.spinning = false;
        m.lingerSince = 0;
        decrement("findrunnable: negative nmspinning");
        return true;
    }

    private void decrement(String fatal) {
        if ((int) COUNT.getAndAdd(this, -1) <= 0) {
            throw Fatal.error(fatal);
        }
    }
}
