package io.gpm4j.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Deadlock detection. When the last M goes idle and nothing else can make a goroutine runnable
 * (no M runs, no goroutine is pinned to a blocked carrier, no plain thread is blocked in the
 * runtime, no G is queued, no timer is armed, nobody waits on the network), a Go.run main goroutine that is waiting will
 * wait forever: each such call ends with Go's report, {@code all goroutines are asleep -
 * deadlock!} and the goroutine dump, which {@code Go.run} throws as a
 * {@link io.gpm4j.DeadlockException} (and the agent's main mode prints as a fatal error).
 *
 * <p>Unlike Go, other goroutines may still be blocked on plain threads' behalf, and a plain
 * thread blocked in the runtime (a channel receive outside any goroutine) may still ready one:
 * those count as running here.
 *
 * <p>Go: checkdead (runtime/proc.go), called from mput.
 */
final class CheckDead {
    /** The root, for the parts built after this one (Ms, Gs, GoRun). */
    private final Sched sched;
    /** Go: sched.lock. */
    private final Object lock;

    /** Plain threads blocked in the runtime right now. Guarded by the sched lock. */
    private int nblockedThreads;

    CheckDead(Sched sched, Object schedLock) {
        this.sched = sched;
        this.lock = schedLock;
    }

    /** A plain thread blocks in the runtime: it may ready a goroutine later, so no deadlock. */
    void threadBlocked() {
        synchronized (lock) {
            nblockedThreads++;
        }
    }

    /** The plain thread of {@link #threadBlocked} runs again. */
    void threadUnblocked() {
        synchronized (lock) {
            nblockedThreads--;
        }
    }

    /**
     * Ends every Go.run call whose main goroutine can never be woken, with a deadlock report.
     * Called when an M goes idle. Caller holds the sched lock. Go: checkdead.
     */
    void check() {
        assert Thread.holdsLock(lock);
        if (sched.ms().runningLocked() > 0 || sched.pinning().blockedLocked() > 0 || nblockedThreads > 0) {
            return;
        }
        if (sched.globalRunq().size() > 0 || sched.timers().pending()) {
            return; // a pending timer will wake someone: sleepers are not deadlocks (Go: checkdead)
        }
        if (sched.netpoll().waiting()) {
            return; // a peer may still send: network waiters are not deadlocks (Go: the M in netpoll)
        }
        if (sched.ps().anyLocalWork()) {
            return;
        }
        List<MainCall> stuck = new ArrayList<>();
        for (M m : sched.ms().allLocked()) {
            MainCall call = m.main;
            if (call != null && !call.done && call.g != null && call.g.status() == G.WAITING) {
                stuck.add(call);
            }
        }
        if (stuck.isEmpty()) {
            return;
        }
        String dump = "all goroutines are asleep - deadlock!\n\n" + Snapshot.dumpLocked(sched);
        for (MainCall call : stuck) {
            call.deadlock = dump;
            call.done = true;
            sched.goRun().wakeOwnerLocked(call);
        }
    }
}
