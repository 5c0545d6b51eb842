package io.gpm4j.sync;

import io.gpm4j.runtime.WaitReason;
import io.gpm4j.runtime.Goroutines;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A mutual exclusion lock for goroutines and plain threads alike: a goroutine that must wait
 * parks (its carrier runs other goroutines), a plain thread blocks. Not reentrant and not owned:
 * as in Go, any goroutine or thread may unlock a locked Mutex.
 *
 * <p>Go: sync.Mutex (internal/sync/mutex.go). The whole lock is one int, {@link #state}:
 * <ul>
 *   <li>bit 0 {@code LOCKED}: held;</li>
 *   <li>bit 1 {@code WOKEN}: a waiter was woken (or a spinner is about to take the lock), so
 *       unlock need not wake another;</li>
 *   <li>bit 2 {@code STARVING}: starvation mode;</li>
 *   <li>bits 3.. : the number of waiters parked on the semaphore.</li>
 * </ul>
 *
 * <p><b>Two modes</b> (Go's "fairness" essay). In <i>normal mode</i> waiters queue FIFO, but a
 * woken waiter does not own the lock: it competes with callers that just arrived, which are
 * already running and usually win; that keeps throughput high. A waiter that loses goes back to
 * the <i>front</i> of the queue. A waiter that has waited more than 1 ms switches the mutex to
 * <i>starvation mode</i>: unlock then hands ownership directly to the first waiter, and arriving
 * callers neither take the lock nor spin, they queue at the tail. The mode ends when the waiter
 * that gets the lock is the last one or waited less than 1 ms.
 *
 * <p>The paths that do not wait (lock and unlock of a free, uncontended mutex, tryLock) are a
 * single CAS and allocate nothing.
 */
public final class Mutex {
    static final int LOCKED = 1;
    static final int WOKEN = 2;
    static final int STARVING = 4;
    static final int WAITER_SHIFT = 3;
    /** A waiter that waited longer than this switches the mutex to starvation mode. Go: starvationThresholdNs. */
    static final long STARVATION_THRESHOLD_NS = 1_000_000;
    /** Spin rounds before parking. Go: active_spin. */
    private static final int ACTIVE_SPIN = 4;
    /** Spin-wait hints per round. Go: active_spin_cnt (procyield(30)). */
    private static final int ACTIVE_SPIN_COUNT = 30;
    private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;
    static final WaitReason WAIT_REASON = WaitReason.SYNC_MUTEX_LOCK;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Mutex.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** See the class comment. Changed only by CAS and atomic add. Go: Mutex.state. */
    private volatile int state;
    /** Where waiters park. Go: Mutex.sema. */
    private final Sema sema = new Sema();

    /** An unlocked mutex (Go's zero value). */
    public Mutex() {
    }

    /** Locks, waiting while another holds the lock. Go: Mutex.Lock. */
    public void lock() {
        // Fast path: grab an unlocked mutex nobody waits for.
        if (STATE.compareAndSet(this, 0, LOCKED)) {
            return;
        }
        lockSlow();
    }

    /**
     * Locks if the mutex is free, without waiting; false if it is held or in starvation mode
     * (then it belongs to the waiters). Go: Mutex.TryLock.
     */
    public boolean tryLock() {
        int old = state;
        if ((old & (LOCKED | STARVING)) != 0) {
            return false;
        }
        // A woken waiter may be about to compete: we are running, we may take it first.
        return STATE.compareAndSet(this, old, old | LOCKED);
    }

    /** Go: Mutex.lockSlow. */
    private void lockSlow() {
        long waitStartNs = 0;
        boolean starving = false;
        boolean awoke = false;
        int iter = 0;
        int old = state;
        for (;;) {
            // Spin only while the mutex is held in normal mode: in starvation mode ownership
            // goes to the waiters, so spinning could never get it.
            if ((old & (LOCKED | STARVING)) == LOCKED && canSpin(iter)) {
                // Set WOKEN so unlock does not wake a waiter we would only compete with.
                if (!awoke && (old & WOKEN) == 0 && (old >>> WAITER_SHIFT) != 0
                        && STATE.compareAndSet(this, old, old | WOKEN)) {
                    awoke = true;
                }
                for (int i = 0; i < ACTIVE_SPIN_COUNT; i++) {
                    Thread.onSpinWait();
                }
                iter++;
                old = state;
                continue;
            }
            int next = old;
            // Never take a starving mutex: arriving callers queue.
            if ((old & STARVING) == 0) {
                next |= LOCKED;
            }
            if ((old & (LOCKED | STARVING)) != 0) {
                next += 1 << WAITER_SHIFT;
            }
            // Switch to starvation mode, but only while it is locked: unlock expects a starving
            // mutex to have waiters, which would not hold if we took it now.
            if (starving && (old & LOCKED) != 0) {
                next |= STARVING;
            }
            if (awoke) {
                // We were woken (or claimed WOKEN while spinning): clear it either way.
                if ((next & WOKEN) == 0) {
                    throw Goroutines.fatal("sync: inconsistent mutex state");
                }
                next &= ~WOKEN;
            }
            if (!STATE.compareAndSet(this, old, next)) {
                old = state;
                continue;
            }
            if ((old & (LOCKED | STARVING)) == 0) {
                return; // locked it with the CAS
            }
            // A waiter that already waited goes back to the front of the queue.
            boolean queueLifo = waitStartNs != 0;
            if (waitStartNs == 0) {
                waitStartNs = System.nanoTime();
            }
            sema.acquire(queueLifo, WAIT_REASON);
            starving = starving || System.nanoTime() - waitStartNs > STARVATION_THRESHOLD_NS;
            old = state;
            if ((old & STARVING) != 0) {
                // Starvation mode: unlock handed the mutex to us, but left LOCKED clear and us
                // counted as a waiter. Fix both in one add.
                if ((old & (LOCKED | WOKEN)) != 0 || (old >>> WAITER_SHIFT) == 0) {
                    throw Goroutines.fatal("sync: inconsistent mutex state");
                }
                int delta = LOCKED - (1 << WAITER_SHIFT);
                if (!starving || (old >>> WAITER_SHIFT) == 1) {
                    // Leave starvation mode: it is so slow that two goroutines could otherwise
                    // go on in lock-step in it for ever.
                    delta -= STARVING;
                }
                STATE.getAndAdd(this, delta);
                return;
            }
            awoke = true;
            iter = 0;
        }
    }

    /**
     * Whether spinning may pay: a few rounds only, with another processor to run the holder.
     * Go: sync_runtime_canSpin (which also requires an empty local run queue; gpm4j cannot see
     * it from here).
     */
    private static boolean canSpin(int iter) {
        return iter < ACTIVE_SPIN && MULTICORE && Goroutines.gomaxprocs() > 1;
    }

    /**
     * Unlocks. Any goroutine or thread may unlock a locked mutex. Go: Mutex.Unlock.
     *
     * @throws IllegalStateException "sync: unlock of unlocked mutex" (Go: a fatal error); the
     *                               state is left as it was
     */
    public void unlock() {
        // Fast path: locked, nobody waits, no flags.
        if (STATE.compareAndSet(this, LOCKED, 0)) {
            return;
        }
        // Go drops the bit with an atomic add and then checks; a CAS loop checks first, so a
        // misuse is reported without corrupting the state for the other users.
        int old = state;
        for (;;) {
            if ((old & LOCKED) == 0) {
                throw new IllegalStateException("sync: unlock of unlocked mutex");
            }
            int witness = (int) STATE.compareAndExchange(this, old, old - LOCKED);
            if (witness == old) {
                unlockSlow(old - LOCKED);
                return;
            }
            old = witness;
        }
    }

    /** Go: Mutex.unlockSlow. {@code next} is the state just after LOCKED was cleared. */
    private void unlockSlow(int next) {
        if ((next & STARVING) != 0) {
            // Starvation mode: hand ownership to the first waiter. LOCKED stays clear until it
            // runs, but STARVING keeps arriving callers out meanwhile.
            sema.release(true);
            return;
        }
        int old = next;
        for (;;) {
            // Nobody to wake, or a waiter is already woken, or someone took the lock (it will
            // wake a waiter when it unlocks), or it went starving after our add (then the
            // handoff chain does not include us): done.
            if ((old >>> WAITER_SHIFT) == 0 || (old & (LOCKED | WOKEN | STARVING)) != 0) {
                return;
            }
            // Take the right to wake one waiter.
            int n = (old - (1 << WAITER_SHIFT)) | WOKEN;
            int witness = (int) STATE.compareAndExchange(this, old, n);
            if (witness == old) {
                sema.release(false);
                return;
            }
            old = witness;
        }
    }

    /** The state word (racy): for tests and dumps. */
    int state() {
        return state;
    }

    @Override
    public String toString() {
        int s = state;
        return "Mutex[" + ((s & LOCKED) != 0 ? "locked" : "unlocked")
                + ((s & STARVING) != 0 ? ", starving" : "")
                + ((s & WOKEN) != 0 ? ", woken" : "")
                + ", waiters=" + (s >>> WAITER_SHIFT) + "]";
    }
}
