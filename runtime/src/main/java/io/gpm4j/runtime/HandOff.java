package io.gpm4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-off of a P whose M is stuck in a goroutine's own code: Go's system-call protocol, with
 * all of a goroutine's code treated as one long system call.
 *
 * <p>Go knows when a goroutine enters the kernel ({@code entersyscall}) and lets sysmon take the
 * P of a thread that stays there. gpm4j cannot see a goroutine enter a blocking JDK call (a socket
 * read, a {@code java.util.concurrent} queue, {@code Object.wait}), nor a loop with no preemption
 * point. So every stretch of a goroutine's own code is a "system call": just before an M runs a
 * goroutine, it marks its P as running user code ({@link #enter}, a release store, Go's
 * {@code _Psyscall}); before it touches the P again it takes it back with one CAS ({@link #exit},
 * Go's {@code exitsyscallfast}). Sysmon races for the same word ({@link #retake}); whoever wins
 * owns the P. An M that lost it finds out at its next {@code exit}: it re-acquires a P (its old
 * one if idle, else any idle one; {@link Ps#reacquire}), or goes on without one: from a
 * goroutine's code, by leaving the goroutine's new work to the global queue and asking it to
 * yield; on g0, by stopping. No user code ever runs twice and no run queue ever has two
 * producers.
 *
 * <p>Runtime code that a goroutine runs and that needs its P (readying a goroutine into runnext,
 * newproc) brackets its use with {@link #acquireP}/{@link #releaseP}; on g0 the P is the M's
 * outright and the bracket costs nothing.
 *
 * <p>Go: entersyscall/reentersyscall, exitsyscall, exitsyscallfast, exitsyscallfast_pidle, the
 * _Psyscall status and retake's CAS on it (runtime/proc.go).
 */
final class HandOff {
    private static final VarHandle USER_M;

    static {
        try {
            USER_M = MethodHandles.lookup().findVarHandle(P.class, "userM", M.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Ps retaken from Ms stuck in a goroutine's code, so far. */
    private static final AtomicLong retakes = new AtomicLong();

    private HandOff() {
    }

    /**
     * {@code m} is about to run a goroutine's code on {@code p}: from now on sysmon may retake
     * {@code p}. Owner M, holding {@code p}. Go: entersyscall.
     */
    static void enter(M m, P p) {
        USER_M.setRelease(p, m);
    }

    /**
     * {@code m} is back from a goroutine's code (or is about to touch its P from it): true when
     * it still owns {@code p}, which sysmon can then no longer take; false when sysmon retook it.
     * Owner M. Go: exitsyscallfast's CAS.
     */
    static boolean exit(M m, P p) {
        return USER_M.compareAndSet(p, m, null);
    }

    /** Sysmon: takes {@code p} from {@code m}, which is in a goroutine's code. Go: retake's CAS _Psyscall → _Pidle. */
    static boolean retake(P p, M m) {
        if (!USER_M.compareAndSet(p, m, null)) {
            return false;
        }
        m.handedOff = true;
        retakes.incrementAndGet();
        return true;
    }

    /** Ps retaken so far. */
    static long retakes() {
        return retakes.get();
    }

    /**
     * The P that {@code m} may use until {@link #releaseP}: on g0 its own; from a goroutine's code
     * its P taken back from sysmon's reach, else (it was retaken) an idle P it re-acquires, else
     * null, and the running goroutine is asked to yield so that the M sorts itself out on g0.
     * Owner M. Go: acquirem + exitsyscall for the runtime's own use of the P.
     */
    static P acquireP(M m) {
        P p = m.p;
        if (p == null || m.curg == null || exit(m, p)) {
            return p;
        }
        return lost(m, p);
    }

    /** Ends an {@link #acquireP} bracket: from a goroutine's code, sysmon may retake the P again. Owner M. */
    static void releaseP(M m, P p) {
        if (p != null && m.curg != null) {
            enter(m, p);
        }
    }

    /**
     * {@code m}, in a goroutine's code, found {@code p} retaken: re-acquires a P (the old one if
     * idle, else any idle one) or goes on with none, the goroutine asked to yield. Returns the new
     * P or null. Owner M. Go: exitsyscall's slow path, minus the blocking.
     */
    private static P lost(M m, P old) {
        P p = Sched.get().ps().reacquire(m, old);
        if (p == null) {
            G g = m.curg;
            if (g != null) {
                g.requestPreempt();
            }
        }
        return p;
    }
}
