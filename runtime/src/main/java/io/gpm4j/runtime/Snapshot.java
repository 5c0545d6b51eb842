package io.gpm4j.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The scheduler's state read at one moment under the sched lock, for {@code schedtrace}, the JFR
 * runtime summary and goroutine dumps: the counts a {@code SCHED} line prints, the Ps, the Ms
 * and (for {@link #take}) the live goroutines by id.
 *
 * <p>Go: what schedtrace reads under sched.lock; the traceback of allgs behind runtime.Stack.
 */
final class Snapshot {
    int gomaxprocs;
    int npidle;
    int mcount;
    int nmspinning;
    int nmidle;
    int runqsize;
    /** Ms whose P was retaken or given away (pinned) and that have not come back yet. */
    int nmhandoff;
    List<P> allp;
    List<M> allm;
    /** Live goroutines by goid ({@link #take}), or null ({@link #counts}). */
    List<G> allg;

    private Snapshot() {
    }

    /** The counts, Ps, Ms and live goroutines (by goid) of a schedtrace, read under the sched lock. */
    static Snapshot take(Sched sched) {
        synchronized (sched.lock) {
            Snapshot s = countsLocked(sched);
            s.allg = sched.gs().liveLocked();
            s.allg.sort(Comparator.comparingLong(g -> g.goid));
            return s;
        }
    }

    /** The counts, Ps and Ms only ({@link SchedStats}). Caller holds the sched lock. */
    static Snapshot countsLocked(Sched sched) {
        Snapshot s = new Snapshot();
        Ps ps = sched.ps();
        Ms ms = sched.ms();
        s.gomaxprocs = ps.gomaxprocs();
        s.npidle = ps.idleCount();
        s.mcount = ms.countLocked();
        s.nmspinning = ms.spinning().count();
        s.nmidle = ms.idleLocked();
        s.runqsize = sched.globalRunq().size();
        s.allp = Arrays.asList(ps.allp().clone());
        s.allm = ms.allLocked();
        for (M m : s.allm) {
            if (m.handedOff || m.blocked || (m.curg != null && m.p == null)) {
                s.nmhandoff++;
            }
        }
        return s;
    }

    /** Go-format dump of every live goroutine, the caller's marked running. Go: runtime.Stack(all). */
    static String dump(Sched sched) {
        synchronized (sched.lock) {
            return dumpLocked(sched);
        }
    }

    /** As {@link #dump}. Caller holds the sched lock. */
    static String dumpLocked(Sched sched) {
        assert Thread.holdsLock(sched.lock);
        return StackDump.of(sched.gs().liveLocked(), Sched.currentG());
    }

    /** Idle Ms, read under the sched lock. */
    static int idleMs(Sched sched) {
        synchronized (sched.lock) {
            return sched.ms().idleLocked();
        }
    }

    /** Ms alive, read under the sched lock. */
    static int threads(Sched sched) {
        synchronized (sched.lock) {
            return sched.ms().countLocked();
        }
    }
}
