package io.gpm4j.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Goroutines that block their carrier thread because a frame pins them. The M hands its P to
 * another M first, so the other goroutines keep running; once readied, the goroutine needs a P
 * again and waits for one on a list that the next P to go idle, or the P of the next M to finish
 * running a goroutine, is handed to.
 *
 * <p>This is the known-in-advance case of {@link HandOff}: a goroutine blocked anywhere else in
 * the JDK keeps its P until sysmon retakes it; a pinned one gives it away at once, as Go's
 * {@code entersyscallblock} does for a call known to block. Unlike a goroutine whose P was
 * retaken, a pinned goroutine cannot go to a run queue when it wakes (its frames are on its
 * carrier's stack), so its M waits for a P instead of stopping.
 *
 * <p>Go: entersyscallblock / handoffp on the way in, exitsyscall on the way out; the hand-over
 * of a P to a waiting M is Go's startlockedm for a locked goroutine.
 */
final class PinnedBlocking {
    private final Sched sched;
    /** Goroutines blocking their carrier right now. Guarded by the sched lock. */
    private int npinned;
    /**
     * Ms of readied pinned goroutines waiting for a P, oldest first, linked by M.schedlink.
     * Guarded by the sched lock.
     */
    private M pwaitHead;
    private M pwaitTail;
    /** How many Ms wait for a P; read racily after each goroutine runs. */
    private volatile int npwait;
    /** Goroutines that blocked their carrier because a frame pinned them, so far (tests and traces). */
    private final AtomicLong events = new AtomicLong();

    PinnedBlocking(Sched sched) {
        this.sched = sched;
    }

    /** Pinned goroutines blocking their carriers now. Caller holds the sched lock. */
    int blockedLocked() {
        assert Thread.holdsLock(sched.lock);
        return npinned;
    }

    /** Goroutines that blocked their carrier because a frame pinned them, so far. */
    long events() {
        return events.get();
    }

    /** Whether some readied pinned goroutine waits for a P (racy hint). */
    boolean waitingForP() {
        return npwait > 0;
    }

    /**
     * A goroutine that asked to park or yield could not suspend (a frame pins it): it blocks its
     * carrier thread instead, after the M hands its P to another M (Go: entersyscallblock,
     * handoffp), and takes a P again when it is readied (Go: exitsyscall).
     */
    void block(G g) {
        M m = g.m;
        int request = m.mcall;
        m.mcall = M.MCALL_NONE;
        if (request != M.MCALL_PARK) {
            Thread.yield(); // gosched: there is nowhere to move a pinned goroutine
            return;
        }
        ParkUnlock f = m.waitUnlock;
        Object l = m.waitLock;
        m.waitUnlock = null;
        m.waitLock = null;
        events.incrementAndGet();
        g.rare().pinnedThread = Thread.currentThread();
        g.cas(G.RUNNING, G.WAITING);
        // From g's code: take the P back from sysmon's reach first; if sysmon already retook it,
        // it has been handed off and there is nothing to give away
        P p = m.p;
        boolean owned = p != null && HandOff.exit(m, p);
        sched.ps().releasep(m);
        m.handedOff = false;
        m.blocked = true;
        synchronized (sched.lock) {
            npinned++;
        }
        if (owned) {
            sched.ms().handoffp(p);
        }
        try {
            if (f != null && !f.unlock(g, l)) {
                g.cas(G.WAITING, G.RUNNABLE);
            } else {
                boolean interrupted = false;
                while (g.status() != G.RUNNABLE) {
                    interrupted |= Interrupts.park(this); // the goroutine's flag, kept for its code
                }
                Interrupts.restore(interrupted);
            }
        } finally {
            g.rare().pinnedThread = null;
            synchronized (sched.lock) {
                npinned--;
            }
        }
        g.cas(G.RUNNABLE, G.RUNNING);
        exitsyscall(m);
        g.setWaitReason((byte) 0);
    }

    /**
     * Takes a P again after a pinned block, then lets g's code run on. Go: exitsyscall, and for a
     * G that cannot move to another M (a locked G), stoplockedm until startlockedm hands over a P.
     */
    private void exitsyscall(M m) {
        P p = waitForP(m);
        sched.ps().acquirep(m, p);
        m.blocked = false;
        HandOff.enter(m, p); // back to g's code
    }

    /**
     * An idle P for {@code m}, which holds none and must run a goroutine that cannot move to
     * another M (a readied pinned goroutine, a Go.run call's main): taken at once if one is idle,
     * else waited for on the list that the next P to go idle, or the P of the next M to finish
     * running a goroutine, is handed to ({@link #handOff}, {@link #yieldP}). The caller acquires
     * it. Owner M, holding no P and no lock.
     */
    P waitForP(M m) {
        P p;
        synchronized (sched.lock) {
            p = sched.ps().pidleget();
            if (p == null) {
                m.nextp = null;
                m.schedlink = null;
                if (pwaitTail == null) {
                    pwaitHead = m;
                } else {
                    pwaitTail.schedlink = m;
                }
                pwaitTail = m;
                npwait++;
            }
        }
        if (p == null) {
            m.park(); // until handOff
            p = m.nextp;
            m.nextp = null;
        }
        return p;
    }

    /**
     * Gives {@code p} to the first M waiting for one in exitsyscall, if any; returns whether it
     * did. Caller holds the sched lock.
     */
    boolean handOff(P p) {
        assert Thread.holdsLock(sched.lock);
        M w = pwaitHead;
        if (w == null) {
            return false;
        }
        pwaitHead = w.schedlink;
        if (pwaitHead == null) {
            pwaitTail = null;
        }
        w.schedlink = null;
        npwait--;
        p.status = P.RUNNING;
        p.m = w;
        w.nextp = p;
        w.wake();
        return true;
    }

    /**
     * After running a G: when a readied pinned goroutine waits for a P, hand it this M's P (with
     * its run queue) and stop (the caller parks the M; returns whether it gave the P). Without
     * this, goroutines that never let a P go idle (gosched loops) would starve it for good.
     * Owner M only. Go: startlockedm.
     */
    boolean yieldP(M m) {
        P p = m.p;
        if (p == null || p.status == P.DEAD || (m.main != null && m.main.done)) {
            return false;
        }
        synchronized (sched.lock) {
            if (pwaitHead == null) {
                return false;
            }
            sched.ps().releasep(m);
            handOff(p);
        }
        return true; // the caller parks the M
    }

}
