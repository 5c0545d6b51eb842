package io.gpm4j.runtime;

import java.util.ArrayList;
import java.util.Arrays;
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
    /** How many Gs {@link #gfget} makes at once when a P's free lists are empty. At most {@link FreeGs#LOCAL_MAX}. */
    static final int NEW_G_BATCH = 16;

    /** The root: a full local run queue spills into its global queue. */
    private final Sched sched;
    /** Go: sched.lock. */
    private final Object lock;
    private final Ps ps;
    private final Ms ms;
    private final GlobalRunQueue globalRunq;
    private final FreeGs freeGs;

    /**
     * Every G made and not yet dropped: the first {@link #allglen} entries. Dead Gs stay, for
     * reuse, until the free lists release them ({@link G#RELEASED}, at a garbage collection:
     * {@link FreeGs}); a released G leaves at the next compaction, which the array's filling up
     * triggers ({@link #allgaddLocked}). Appended and compacted under the sched lock; read by any
     * thread without it ({@link #allgsRace}), as Go's forEachGRace does: the array is replaced by
     * a copy (never changed below its count) before the count that needs it is stored, and an
     * entry is set before the count covers it. Go: allgs, allgptr (which only grow).
     */
    private volatile G[] allgs = new G[64];
    /** How many entries of {@link #allgs} are set. Written under the sched lock after the entry
     * (release: pairs with the load in {@link #allglenRace}). Go: allglen. */
    private volatile int allglen;
    /** {@link #released} at the last compaction. Guarded by the sched lock. */
    private long releasedAtCompaction;
    /** How often (in appends) {@link #allgaddLocked} looks whether enough Gs were released to compact. A power of two. */
    private static final int COMPACT_CHECK_EVERY = 256;
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
     * caller is a goroutine, else on the global queue; then wakes an M. A Go.run main
     * ({@code main} not null) goes in no queue: its caller, which holds a P, runs it next. The goroutine starts with no
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
        if (inheritable != null) {
            g.rare().inheritableThreadLocals = inheritable;
        }
        g.reset(fn);
        if (main != null) {
            main.g = g; // before g can run and end
            g.rare().mainCall = main; // goexit0 finds its call by it
        }
        g.goid = newGoid(p);
        g.setWaitReason((byte) 0);
        g.cas(G.DEAD, G.RUNNABLE);
        JfrEvents.created(g, m, p);
        JfrEvents.runnable(g);
        if (p != null) {
            p.countCreated();
        } else {
            createdWithoutP.incrementAndGet();
        }
        if (main != null) {
            // in no run queue, where another M could take it: its caller runs it at once
            assert p != null : "a Go.run main is created on its caller's P";
            return g;
        }
        if (p == null) {
            sched.injectWithoutP(g);
            return g;
        }
        if (m.curg != null) {
            p.runq.put(g, true, sched);
        } else {
            // on g0 with a P (the scheduler's own thread): this M schedules next and finds it
            synchronized (lock) {
                globalRunq.put(g);
            }
        }
        ms.wakepForQueued(m);
        return g;
    }

    /**
     * A free G (DEAD), else a new one, remembered in allgs: with a P, {@link #NEW_G_BATCH} are made
     * at once, the others kept on the P's free list, so that the sched lock is taken once per
     * batch. Gs are made in bursts: every garbage collection releases the free ones
     * ({@link FreeGs}), and the next spawns make them again, on every P at once. Owner of
     * {@code p}, or any thread when null. Go: gfget + malg.
     */
    private G gfget(P p) {
        G g = freeGs.get(p);
        if (g != null) {
            return g;
        }
        int epoch = freeGs.epoch();
        g = newG(epoch);
        synchronized (lock) {
            allgaddLocked(g);
            for (int i = 1; p != null && i < NEW_G_BATCH; i++) {
                // made here, not in an array first: a short-lived array between long-lived Gs
                // stays in the heap as filler once a full collection leaves the region in place
                G extra = newG(epoch);
                allgaddLocked(extra);
                freeGs.put(p, extra); // onto p's empty stack: no spill, no other lock
            }
        }
        return g;
    }

    /** A dead G of {@code epoch}, not yet in allgs. Go: malg. */
    private static G newG(int epoch) {
        G g = new G();
        g.epoch = epoch;
        g.setStatus(G.DEAD);
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

    /** Dead Gs the free lists released since boot (racy sum over the Ps and the global list). */
    long released() {
        return ps.releasedGs() + freeGs.releasedWithoutP();
    }

    /** Counts a goroutine that ended on an M without a P. Any thread. */
    void countEndedWithoutP() {
        endedWithoutP.incrementAndGet();
    }

    /**
     * Appends {@code g} to allgs. First, when the array is full, or when more Gs were released
     * since the last compaction than a quarter of the count (looked at once every
     * {@link #COMPACT_CHECK_EVERY} appends), the array is copied without its released Gs, into
     * one twice as long if what is left fills more than three quarters of it. So released Gs are
     * at most about a quarter of allgs once it is past its first check (the collector takes them
     * at its next cycle after the compaction), and each compaction's copy of n entries follows a
     * quarter of n appends or releases. Caller holds the sched lock. Go: allgadd (which never
     * drops a G).
     */
    private void allgaddLocked(G g) {
        assert Thread.holdsLock(lock);
        int n = allglen;
        G[] all = allgs;
        boolean full = n == all.length;
        if (full || (n & (COMPACT_CHECK_EVERY - 1)) == 0) {
            long released = released();
            boolean many = released - releasedAtCompaction > n / 4;
            if (full || many) {
                releasedAtCompaction = released;
                int live = 0;
                for (int i = 0; i < n; i++) {
                    live += all[i].status() != G.RELEASED ? 1 : 0;
                }
                // sized once: a big array is a humongous object for G1, and one made only to be
                // copied again leaves a filler behind in the heap
                G[] next = new G[live > all.length / 4 * 3 ? all.length * 2 : all.length];
                int kept = 0;
                for (int i = 0; i < n; i++) {
                    G x = all[i];
                    if (x.status() != G.RELEASED) { // at most `live`: a G is never un-released
                        next[kept++] = x;
                    }
                }
                all = next;
                n = kept;
                allgs = all; // before the count: a reader that sees n + 1 sees this array or a later one
            }
        }
        all[n] = g;
        allglen = n + 1; // store-release: publishes all[n] (and the array) to allglenRace's readers
    }

    /** Every G that has not ended (allgs keeps dead ones for reuse, and released ones till it compacts). Caller holds the sched lock. */
    List<G> liveLocked() {
        assert Thread.holdsLock(lock);
        List<G> live = new ArrayList<>();
        int n = allglen;
        G[] all = allgs;
        for (int i = 0; i < n; i++) {
            G g = all[i];
            int st = g.status();
            if (st != G.DEAD && st != G.IDLE && st != G.RELEASED) {
                live.add(g);
            }
        }
        return live;
    }

    /**
     * How many entries of {@link #allgsRace} were set when it was read last: load it before
     * {@link #allgsRace} (load-acquire: pairs with {@link #allgaddLocked}'s store). Any thread, no
     * lock. Go: atomicAllG's allglen.
     */
    int allglenRace() {
        return allglen;
    }

    /**
     * The array behind allgs: after {@link #allglenRace} returned n, its length is at least n and
     * its first n entries are Gs, or null where a compaction since moved them down (a reader skips
     * those: it may miss a G, as a racy walk may anyway). Never mutated below the count, so a
     * sampler reads it without the sched lock; the Gs' states are then read racily. Any thread.
     * Go: atomicAllG's allgptr.
     */
    G[] allgsRace() {
        return allgs;
    }
}
