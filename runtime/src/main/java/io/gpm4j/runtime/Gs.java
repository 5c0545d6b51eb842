package io.gpm4j.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Gs: creating goroutines, their ids, every G ever made, and how many were created and ended.
 * G objects are never freed: a dead G waits on a free list ({@link FreeGs}) for its next life, so
 * spawning allocates nothing in steady state, and {@link #liveLocked} finds the live ones among
 * them for dumps.
 *
 * <p>Ids come from one global counter, but a P takes them 16 at a time ({@link #newGoid}), so
 * spawning on several Ps does not contend on it; plain threads (no P) take one at a time. Ids
 * are unique, not dense.
 *
 * <p>Go: newproc, newproc1, gfget, malg, allgs, sched.goidgen and p.goidcache, gcount
 * (runtime/proc.go).
 */
final class Gs {
    /** Go: _GoidCacheBatch. */
    static final int GOID_BATCH = 16;

    /** The root: a full local run queue spills into its global queue. */
    private final Sched sched;
    /** Go: sched.lock. */
    private final Object lock;
    private final Ps ps;
    private final Ms ms;
    private final GlobalRunQueue globalRunq;
    private final FreeGs freeGs;

    /** Every G ever made (they are reused, never freed). Guarded by the sched lock. Go: allgs. */
    private final List<G> allgs = new ArrayList<>();
    /** The last goroutine id handed out, or reserved by a P's batch. Go: sched.goidgen. */
    private final AtomicLong goidgen = new AtomicLong();
    /** Goroutines created by plain threads (no P); the rest are counted per P. */
    private final AtomicLong createdWithoutP = new AtomicLong();
    /** Goroutines that ended on an M whose P sysmon had retaken. */
    private final AtomicLong endedWithoutP = new AtomicLong();

    Gs(Sched sched, Object schedLock, Ps ps, Ms ms, GlobalRunQueue globalRunq, FreeGs freeGs) {
        this.sched = sched;
        this.lock = schedLock;
        this.ps = ps;
        this.ms = ms;
        this.globalRunq = globalRunq;
        this.freeGs = freeGs;
    }

    /**
     * Creates a goroutine running {@code fn} and queues it: in the current P's runnext when the
     * caller is a goroutine (or a Go.run caller with a P), else on the global queue; then wakes an
     * M, except for a Go.run main, whose caller runs it. The goroutine starts with no
     * ThreadLocal values and a copy of the caller's InheritableThreadLocal ones
     * ({@link GoroutineLocals#inherited}). Any thread. Go: newproc + newproc1.
     */
    G newproc(Runnable fn, MainCall main) {
        // user code (childValue) runs here, before the P is taken: it may throw, or block
        Object inheritable = GoroutineLocals.inherited();
        M m = Sched.currentM();
        P p = m == null ? null : HandOff.acquireP(m);
        try {
            return newproc1(fn, main, m, p, inheritable);
        } finally {
            HandOff.releaseP(m, p);
        }
    }

    /** newproc with the caller's P (null: none) safe to use. Go: newproc1. */
    private G newproc1(Runnable fn, MainCall main, M m, P p, Object inheritable) {
        G g = gfget(p);
        g.inheritableThreadLocals = inheritable;
        g.continuation.reset(fn);
        g.main = main;
        g.goid = newGoid(p);
        g.waitReason = null;
        g.cas(G.DEAD, G.RUNNABLE);
        JfrEvents.created(g, m, p);
        JfrEvents.runnable(g);
        if (p != null) {
            p.countCreated();
        } else {
            createdWithoutP.incrementAndGet();
        }
        if (p != null && (m.curg != null || main != null)) {
            p.runq.put(g, true, sched);
        } else {
            synchronized (lock) {
                globalRunq.put(g);
            }
        }
        if (main == null) {
            ms.wakep();
        }
        return g;
    }

    /** A free G (DEAD), else a new one, remembered in allgs. Owner of {@code p}, or any thread when null. Go: gfget + malg. */
    private G gfget(P p) {
        G g = freeGs.get(p);
        if (g == null) {
            g = new G();
            g.setStatus(G.DEAD);
            synchronized (lock) {
                allgs.add(g);
            }
        }
        return g;
    }

    /**
     * A goroutine id never handed out before: the next of {@code p}'s batch, reserving a batch of
     * {@link #GOID_BATCH} from the global counter when it runs out; one id straight from the
     * counter for a plain thread ({@code p == null}). Owner of {@code p}. Go: newproc1's goidcache.
     */
    long newGoid(P p) {
        if (p == null) {
            return goidgen.incrementAndGet();
        }
        if (p.goidNext == p.goidEnd) {
            long end = goidgen.addAndGet(GOID_BATCH);
            p.goidNext = end - GOID_BATCH + 1;
            p.goidEnd = end + 1;
        }
        return p.goidNext++;
    }

    /** Goroutines created since boot (racy sum over the Ps and plain threads). Go: part of gcount. */
    long created() {
        return createdWithoutP.get() + ps.created();
    }

    /** Goroutines ended since boot (racy sum over the Ps). Go: part of gcount. */
    long ended() {
        return endedWithoutP.get() + ps.exited();
    }

    /** Counts a goroutine that ended on an M without a P. Any thread. */
    void countEndedWithoutP() {
        endedWithoutP.incrementAndGet();
    }

    /** Every G that has not ended (allgs keeps dead ones for reuse). Caller holds the sched lock. */
    List<G> liveLocked() {
        assert Thread.holdsLock(lock);
        List<G> live = new ArrayList<>();
        for (G g : allgs) {
            int st = g.status();
            if (st != G.DEAD && st != G.IDLE) {
                live.add(g);
            }
        }
        return live;
    }

    /**
     * Copies allgs[{@code from}, {@code to}) into {@code into} at the same indexes, for a sampler's
     * mirror of allgs ({@link SchedStats}): allgs only grows, so a sampler copies only what is new.
     * {@code into} holds at least {@code to} entries. Caller holds the sched lock.
     */
    void copyLocked(G[] into, int from, int to) {
        assert Thread.holdsLock(lock);
        for (int i = from; i < to; i++) {
            into[i] = allgs.get(i);
        }
    }

    /** How many Gs were ever made (allgs's size). Caller holds the sched lock. */
    int countLocked() {
        assert Thread.holdsLock(lock);
        return allgs.size();
    }
}
