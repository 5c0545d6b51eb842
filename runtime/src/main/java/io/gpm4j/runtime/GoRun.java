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
    /**
     * The Ms of the threads now in a Go.run call (carriers find theirs in {@link CarrierThread#m}),
     * replaced whole under {@link #RUN_MS_LOCK} at each call's start and end, read without a lock.
     * Not a ThreadLocal: a goroutine running on such a thread brings its own ThreadLocal maps
     * ({@link GoroutineLocals}). There are as many entries as threads inside Go.run at once
     * (usually one), so the scan is a read or two.
     */
    private static volatile M[] runMs = new M[0];
    private static final Object RUN_MS_LOCK = new Object();

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
        return threadM(Thread.currentThread());
    }

    /** The M of {@code t}, the calling thread, if it is in a Go.run call, else null. */
    static M threadM(Thread t) {
        for (M m : runMs) {
            if (m.thread == t) {
                return m;
            }
        }
        return null;
    }

    /** Adds ({@code add}) or removes the calling thread's M in the table of Go.run threads. */
    private static void register(M m, boolean add) {
        if (add) {
            Continuation.goRunThread(+1);
        }
        try {
            registerLocked(m, add);
        } finally {
            if (!add) {
                Continuation.goRunThread(-1);
            }
        }
    }

    private static void registerLocked(M m, boolean add) {
        synchronized (RUN_MS_LOCK) {
            M[] old = runMs;
            M[] next;
            if (add) {
                next = java.util.Arrays.copyOf(old, old.length + 1);
                next[old.length] = m;
            } else {
                next = java.util.Arrays.stream(old).filter(x -> x != m).toArray(M[]::new);
            }
            runMs = next;
        }
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
        m.locksAtStart = CarrierLocks.held(); // the caller's own: not taken by a goroutine
        register(m, true);
        Object[] callerMaps = null;
        synchronized (lock) {
            sched.bindM0Locked(m); // the thread that boots the runtime is m0 (Go: rt0_go binds m0 and g0)
            ms.addLocked(m);
        }
        try {
            // main starts on this thread, so this M needs a P first: an idle one, else the next
            // to go idle or to finish running a goroutine (as a readied pinned goroutine waits)
            ps.acquirep(m, sched.pinning().waitForP(m));
            // in no run queue, where a spinning M could take it before this one runs it
            G g = gs.newproc(main, call); // main inherits the caller's InheritableThreadLocals here
            callerMaps = GoroutineLocals.setAside(m.thread);
            sched.schedule(m, g);
            // The call may end while this M spins (startm can hand an idle Go.run M a P as a
            // spinner just before its main finishes): leaveP stops counting it first.
            ms.leaveP(m);
        } finally {
            GoroutineLocals.putBack(m.thread, callerMaps);
            synchronized (lock) {
                ms.removeLocked(m);
            }
            register(m, false);
            Interrupts.giveBack(m); // the caller's interrupt, if a scheduler wait took it
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
