package io.gpm4j.runtime;

import io.gpm4j.DeadlockException;
import java.util.concurrent.CompletionException;

/**
 * {@code Go.run}: the calling thread becomes an M for the length of the call (the first such
 * thread is m0), its main goroutine is created on it, and it runs the scheduler loop until that
 * goroutine ends; then it leaves, handing its P to another M, and rethrows what main threw, or a
 * {@link DeadlockException} when {@link CheckDead} found main can never be woken.
 *
 * <p>Go: rt0_go binds m0, newproc(runtime.main), mstart; runtime.main's end (here the call
 * returns instead of exiting).
 */
final class GoRun {
    /** The M of a thread in a Go.run call; carriers find theirs in {@link CarrierThread#m}. Owner thread only. */
    private static final ThreadLocal<M> M_OF_THREAD = new ThreadLocal<>();

    private final Sched sched;
    /** Go: sched.lock. */
    private final Object lock;
    private final Ps ps;
    private final Ms ms;
    private final Gs gs;
    private final SchedTimers timers;

    GoRun(Sched sched, Object schedLock, Ps ps, Ms ms, Gs gs, SchedTimers timers) {
        this.sched = sched;
        this.lock = schedLock;
        this.ps = ps;
        this.ms = ms;
        this.gs = gs;
        this.timers = timers;
    }

    /** The M of the calling thread if it is in a Go.run call, else null. */
    static M threadM() {
        return M_OF_THREAD.get();
    }

    /**
     * Runs {@code main} as the main goroutine of a new Go.run call on the calling thread, which
     * serves as an M (m0 for the first call) until main is done; then rethrows what main threw,
     * or a {@link DeadlockException}. Go: rt0_go → newproc(main) → mstart → schedule.
     *
     * @throws IllegalStateException when called from a goroutine or a scheduler thread (the
     *     user's mistake, not a broken invariant)
     */
    void run(Runnable main) {
        if (Sched.currentM() != null || Sched.currentG() != null) {
            throw new IllegalStateException("Go.run called from inside a goroutine or a scheduler thread");
        }
        MainCall call = new MainCall();
        M m = new M(ms.newId(), Thread.currentThread(), call);
        call.owner = m;
        m.tid = NativeThreads.selfTid();
        M_OF_THREAD.set(m);
        P p;
        synchronized (lock) {
            sched.bindM0Locked(m); // the thread that boots the runtime is m0 (Go: rt0_go binds m0 and g0)
            ms.addLocked(m);
            p = ps.pidleget();
        }
        try {
            if (p != null) {
                ps.acquirep(m, p);
            }
            call.g = gs.newproc(main, call);
            if (p == null) {
                ms.wakep();
            }
            sched.schedule(m);
            // The call may end while this M spins (startm can hand an idle Go.run M a P as a
            // spinner just before its main finishes): leaveP stops counting it first.
            ms.leaveP(m);
        } finally {
            synchronized (lock) {
                ms.removeLocked(m);
            }
            M_OF_THREAD.remove();
        }
        if (call.deadlock != null) {
            throw new DeadlockException(call.deadlock);
        }
        Throwable failure = call.failure;
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new CompletionException(failure);
        }
    }

    /**
     * Ends a Go.run call whose main goroutine ended: its caller's M leaves the loop (woken if it
     * is parked). Any M. Go: runtime.main's exit, here a return.
     */
    void finish(MainCall main) {
        synchronized (lock) {
            main.done = true;
            wakeOwnerLocked(main);
        }
    }

    /**
     * Wakes the M of an ended Go.run call wherever it waits (the idle list, or asleep until a
     * timer) so that it leaves its loop. Caller holds the sched lock.
     */
    void wakeOwnerLocked(MainCall main) {
        assert Thread.holdsLock(lock);
        M owner = main.owner;
        timers.wakeIfSleeper(owner);
        if (owner.idle) {
            ms.mRemoveIdle(owner);
            owner.nextp = null;
            owner.wake();
        }
    }
}
