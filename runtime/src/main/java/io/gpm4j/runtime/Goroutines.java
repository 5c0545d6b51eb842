package io.gpm4j.runtime;

import java.util.Objects;

/**
 * Internal: not part of the public API; public because {@code io.gpm4j}, {@code io.gpm4j.sync},
 * {@code io.gpm4j.time} and {@code io.gpm4j.runtime.park} call it.
 *
 * <p>The scheduler's entry points for gpm4j's own libraries ({@code io.gpm4j.Go}, channels, sync,
 * timers). Applications use {@code io.gpm4j.Go}.
 *
 * <p>A suspension must be made from rewritten code, so the operations that may park come in two
 * halves here: a {@code prepare} that records the request and says whether the caller is a
 * goroutine (then the caller, which the agent rewrote, calls {@code Continuation.suspend()}), and
 * the plain-thread path that blocks the thread. {@code io.gpm4j.runtime.park.Parking} puts the
 * halves together.
 */
public final class Goroutines {
    private Goroutines() {
    }

    /** Go: newproc ({@code go fn()}). */
    public static void go(Runnable fn) {
        Sched.get().gs().newproc(Objects.requireNonNull(fn, "fn"), null);
    }

    /** Go: runtime.main on m0. See {@code io.gpm4j.Go#run}. */
    public static void run(Runnable main) {
        Sched.get().goRun().run(Objects.requireNonNull(main, "main"));
    }

    /**
     * Called by a goroutine resumed from a park, on its own frames: ends the JFR
     * {@code io.gpm4j.GoroutinePark} event that {@link #prepareParkGoroutine} began, if a
     * recording wants it.
     */
    public static void parkEnded() {
        JfrEvents.unparked();
    }

    /** True when the caller is a goroutine that must now suspend; false after a plain thread yielded. */
    public static boolean prepareGosched() {
        return Sched.get().prepareGosched();
    }

    /**
     * Ends the calling goroutine after its {@code finally} blocks. Go: runtime.Goexit.
     *
     * @throws IllegalStateException outside a goroutine
     */
    public static void goexit() {
        if (Sched.currentG() == null) {
            throw new IllegalStateException("Go.goexit called outside a goroutine");
        }
        throw Goexit.INSTANCE;
    }

    /** Go: runtime.NumGoroutine. */
    public static int numGoroutine() {
        return Sched.get().ngoroutines();
    }

    /** Go: runtime.GOMAXPROCS(0). */
    public static int gomaxprocs() {
        return Sched.get().gomaxprocs();
    }

    /** Go: runtime.GOMAXPROCS(n); returns the previous value; {@code n < 1} only reads. */
    public static int gomaxprocs(int n) {
        return Sched.get().setGomaxprocs(n);
    }

    /** The calling goroutine's id, 0 on a plain thread. */
    public static long goid() {
        G g = Sched.currentG();
        return g == null ? 0 : g.goid;
    }

    /** Go: runtime.Stack. */
    public static String stack(boolean all) {
        if (all) {
            return Snapshot.dump(Sched.get());
        }
        G g = Sched.currentG();
        if (g == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        StackDump.append(b, g, true);
        return b.toString();
    }

    /**
     * Every goroutine's stack as {@link #stack stack(true)} prints it, or null when the scheduler
     * has not booted: the agent's {@code stack} request from an operator must not boot one
     * (Ps, trace threads, JFR hooks) in an application that started no goroutine. Takes the
     * sched lock, so it may block while the scheduler holds it; the caller bounds its wait.
     * Any thread; the caller is no goroutine. Go: runtime.Stack(all) behind the SIGQUIT dump.
     */
    public static String stackIfBooted() {
        Sched s = Sched.booted();
        return s == null ? null : Snapshot.dump(s);
    }

    /**
     * A broken invariant of gpm4j's own libraries (not the user's misuse): prints
     * {@code fatal error: <msg>} and the goroutine dump, and halts with exit status 2; never
     * returns (write {@code throw Goroutines.fatal(...)}). Go: sync.throw / runtime.sync_throw.
     */
    public static Error fatal(String msg) {
        throw Fatal.error(msg);
    }

    /**
     * A sudog the calling goroutine's M cached ({@link #releaseSudog}), or null: none cached, or
     * {@code w} is not the calling goroutine's (a plain thread's waiter). Go: acquireSudog.
     */
    public static Object acquireSudog(Waiter w) {
        M m = runningOn(w);
        if (m == null || m.sudogCount == 0) {
            return null;
        }
        int i = --m.sudogCount;
        Object s = m.sudogCache[i];
        m.sudogCache[i] = null;
        return s;
    }

    /**
     * Caches a sudog the calling goroutine {@code w} no longer needs (no queue and no waker holds
     * it: it was dequeued before {@code w} was readied) for its M's next park, if there is room.
     * Go: releaseSudog.
     */
    public static void releaseSudog(Waiter w, Object sudog) {
        M m = runningOn(w);
        if (m != null && m.sudogCount < m.sudogCache.length) {
            m.sudogCache[m.sudogCount++] = sudog;
        }
    }

    /** The M running {@code w} when it is the calling goroutine; null for a plain thread's waiter. */
    private static M runningOn(Waiter w) {
        return w instanceof G ? ((G) w).m : null;
    }

    /** The waiter for the caller: its goroutine, or its thread. */
    public static Waiter currentWaiter() {
        G g = Sched.currentG();
        return g != null ? g : ThreadWaiter.current();
    }

    /**
     * First half of a park: true when the caller is a goroutine, which must now call
     * {@code Continuation.suspend()}; {@code unlock} then runs on the scheduler once it is parked.
     * Go: gopark before its mcall.
     */
    public static boolean prepareParkGoroutine(ParkUnlock unlock, Object lock, WaitReason reason) {
        return Sched.get().prepareParkGoroutine(unlock, lock, reason);
    }

    /** The plain-thread park: blocks the calling thread until its waiter is readied. */
    public static void parkThread(ParkUnlock unlock, Object lock, WaitReason reason) {
        Sched.get().parkThread(ThreadWaiter.current(), unlock, lock, reason.toString());
    }
}
