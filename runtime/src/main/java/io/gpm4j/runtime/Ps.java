package io.gpm4j.runtime;

import java.util.Arrays;

/**
 * The Ps: how many there are (GOMAXPROCS), the idle list, and the hand-over of a P to an M.
 * {@link #procresize} grows or shrinks the set; a P beyond GOMAXPROCS becomes DEAD, and its
 * goroutines, free Gs and timers move to the global queue, the global free list and P 0. A dead P
 * stays dead (its M may still hold it for a moment); growing GOMAXPROCS again makes new Ps.
 *
 * <p>A P is IDLE exactly while it is on the idle list (and counted in {@link #idleCount}); it
 * leaves the list as RUNNING, for the M it is handed to. A RUNNING P that procresize kills stays
 * with its M until that M's next {@code schedule}, which gives it back to be drained.
 *
 * <p>Go: allp, gomaxprocs, sched.pidle and sched.npidle, stealOrder; procresize, pidleput,
 * pidleget, acquirep, releasep (runtime/proc.go).
 */
final class Ps {
    /** Go: sched.lock. */
    private final Object lock;
    /** Where a dead P's goroutines go. */
    private final GlobalRunQueue globalRunq;
    /** Where a dead P's free Gs go. */
    private final FreeGs freeGs;
    /** Readied pinned goroutines waiting for a P get the next P to go idle. */
    private final PinnedBlocking pinning;
    /** Woken when a P leaves the idle list while every P was idle. */
    private final Sysmon sysmon;
    /** Takes the timers of a P taken away, and tells whoever sleeps until the earliest timer. */
    private final SchedTimers timers;

    /** Go: gomaxprocs. Written under the sched lock by procresize; read racily. */
    private volatile int gomaxprocs;
    /** The live Ps, {@code allp[i].id == i}. Replaced (never mutated) under the sched lock by procresize. Go: allp. */
    private volatile P[] allp = new P[0];
    /**
     * Every P ever made, dead ones included, for the goroutine counts: a goroutine created on a P
     * that a later procresize killed may end on another, so dropping the dead P's count would make
     * {@code NumGoroutine} drift. Only grows (Ps are few and resizes rare). Replaced under the sched
     * lock by procresize.
     */
    private volatile P[] everyP = new P[0];
    /** Strides coprime with gomaxprocs, for stealing in a random order. Replaced with allp. Go: stealOrder. */
    private volatile int[] coprimes = new int[0];
    /** Idle Ps, linked by {@link P#link}. Guarded by the sched lock. Go: sched.pidle. */
    private P pidle;
    /** Ps on the idle list. Written under the sched lock, read racily. Go: sched.npidle. */
    private volatile int npidle;

    Ps(Object schedLock, GlobalRunQueue globalRunq, FreeGs freeGs, PinnedBlocking pinning, Sysmon sysmon,
            SchedTimers timers) {
        this.lock = schedLock;
        this.timers = timers;
        this.globalRunq = globalRunq;
        this.freeGs = freeGs;
        this.pinning = pinning;
        this.sysmon = sysmon;
    }

    /** GOMAXPROCS from the environment, then {@code gpm4j.gomaxprocs}, else the CPU count. Go: schedinit. */
    static int defaultProcs(int ncpu) {
        for (String v : new String[] {System.getenv("GOMAXPROCS"), System.getProperty("gpm4j.gomaxprocs")}) {
            if (v != null) {
                try {
                    int n = Integer.parseInt(v.trim());
                    if (n > 0) {
                        return n;
                    }
                } catch (NumberFormatException ignored) {
                    /* Go ignores a GOMAXPROCS it cannot parse */
                }
            }
        }
        return ncpu;
    }

    /** Go: gomaxprocs. Racy. */
    int gomaxprocs() {
        return gomaxprocs;
    }

    /** Idle Ps. Racy outside the sched lock. Go: sched.npidle. */
    int idleCount() {
        return npidle;
    }

    /** The live Ps. The array is never mutated: iterate it freely. Go: allp. */
    P[] allp() {
        return allp;
    }

    /** The live Ps and those the last procresize killed. Never mutated. */
    P[] everyP() {
        return everyP;
    }

    /** Strides coprime with {@link #allp}'s length, for {@code stealWork}'s random order. Go: stealOrder. */
    int[] coprimes() {
        return coprimes;
    }

    /**
     * Changes the number of Ps to {@code n}. New Ps start idle; idle Ps beyond {@code n} die at
     * once and are drained; running Ps beyond {@code n} are marked DEAD and drained when their M
     * gives them back ({@link #pidleput}). A dead P is never revived, since its M may not have
     * given it back yet: growing makes new Ps. Caller holds the sched lock. Go: procresize.
     */
    void procresize(int n) {
        assert Thread.holdsLock(lock);
        P[] old = allp;
        P[] next = Arrays.copyOf(old, Math.max(n, old.length));
        P[] every = everyP;
        int made = every.length;
        for (int i = 0; i < next.length; i++) {
            if (next[i] == null) {
                next[i] = new P(i);
                next[i].status = P.IDLE;
                every = Arrays.copyOf(every, made + 1);
                every[made++] = next[i];
                pidleput(next[i]);
            } else if (i < n && next[i].status == P.DEAD) {
                next[i].status = P.IDLE;
                pidleput(next[i]);
            }
        }
        for (int i = n; i < next.length; i++) {
            P p = next[i];
            if (p.status == P.IDLE) {
                pidleRemove(p);
                p.status = P.DEAD;
                drainDeadP(p);
            }
            p.status = P.DEAD; // a running P beyond n is released by its M at its next schedule
        }
        allp = Arrays.copyOf(next, n);
        gomaxprocs = n;
        int count = 0;
        int[] strides = new int[n];
        for (int c = 1; c <= n; c++) {
            if (gcd(c, n) == 1) {
                strides[count++] = c;
            }
        }
        coprimes = Arrays.copyOf(strides, count);
        everyP = every;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * Puts {@code p} on the idle list, or gives it to a pinned goroutine waiting for a P; a DEAD
     * P is drained instead. Caller holds the sched lock. Go: pidleput.
     */
    void pidleput(P p) {
        assert Thread.holdsLock(lock);
        if (p.status == P.DEAD) {
            p.m = null;
            drainDeadP(p);
            return;
        }
        // an idle P is looked at by nobody: a G left in its queue would wait for ever (stealWork
        // skips idle victims). Go throws "pidleput: P has non-empty run queue" here.
        assert p.runq.isEmpty() : "pidleput: P" + p.id + " has a non-empty run queue";
        if (pinning.handOff(p)) {
            return;
        }
        p.status = P.IDLE;
        p.m = null;
        p.link = pidle;
        pidle = p;
        npidle++;
    }

    /**
     * Takes an idle P, RUNNING from now on, or null; wakes sysmon if every P was idle. The P
     * starts a new time slice: a goroutine readied into its runnext while it was idle (a sleeper
     * whose timer fired) would otherwise inherit the slice that ended when the P went idle,
     * which sysmon finds long over and asks it to yield at once, arming the loops' back-edge
     * points for nothing ({@link BackEdges}). Go keeps the old slice here. Caller holds the sched
     * lock. Go: pidleget.
     */
    P pidleget() {
        assert Thread.holdsLock(lock);
        P p = pidle;
        if (p != null) {
            if (npidle == gomaxprocs) {
                sysmon.wakeLocked();
            }
            pidle = p.link;
            p.link = null;
            npidle--;
            p.status = P.RUNNING;
            p.schedtick++;
        }
        return p;
    }

    /**
     * For an M whose P sysmon retook: forgets that P and binds another, {@code old} if it is idle
     * now, else any idle P; returns it, or null (the M has no P then). Owner M. Go: exitsyscall's
     * exitsyscallfast (the old P) and exitsyscallfast_pidle (any idle P).
     */
    P reacquire(M m, P old) {
        m.p = null;
        m.handedOff = false;
        P p;
        synchronized (lock) {
            boolean allIdle = npidle == gomaxprocs;
            if (old != null && old.status == P.IDLE && pidleRemove(old)) {
                if (allIdle) {
                    sysmon.wakeLocked();
                }
                old.status = P.RUNNING;
                p = old;
            } else {
                p = pidleget();
            }
        }
        if (p != null) {
            acquirep(m, p);
        }
        return p;
    }

    /** Takes {@code target} off the idle list if it is there; returns whether it was. Caller holds the sched lock. */
    private boolean pidleRemove(P target) {
        P prev = null;
        for (P p = pidle; p != null; prev = p, p = p.link) {
            if (p == target) {
                if (prev == null) {
                    pidle = p.link;
                } else {
                    prev.link = p.link;
                }
                p.link = null;
                npidle--;
                return true;
            }
        }
        return false;
    }

    /**
     * Moves a dead P's Gs to the global queue, its free Gs to the global free list and its timers
     * to P 0. Caller holds the sched lock; the P has no M. Go: p.destroy.
     */
    private void drainDeadP(P p) {
        G g;
        while ((g = p.runq.get()) != null) {
            globalRunq.put(g);
        }
        freeGs.absorb(p);
        P[] live = allp;
        P keeper = live.length > 0 ? live[0] : null;
        if (keeper != null && keeper != p) {
            timers.move(p, keeper);
        }
    }

    /**
     * Binds {@code p} to {@code m}. The P is already RUNNING (pidleget, or the M that handed it
     * over). Owner M only. Go: acquirep.
     */
    void acquirep(M m, P p) {
        m.p = p;
        p.m = m;
        // Do not set RUNNING here: procresize may have made the P DEAD while it was in flight to
        // this M, and writing RUNNING would revive a P that is no longer in allp (one P too many,
        // for good). schedule() sees the DEAD status and gives the P back to be drained.
    }

    /** Takes an idle P for {@code m}; false when none is idle. Owner M only. Go: pidleget + acquirep. */
    boolean acquireIdle(M m) {
        P p;
        synchronized (lock) {
            p = pidleget();
        }
        if (p == null) {
            return false;
        }
        acquirep(m, p);
        return true;
    }

    /** Unbinds {@code m}'s P and returns it (null if it had none). Owner M only. Go: releasep. */
    P releasep(M m) {
        P p = m.p;
        m.p = null;
        return p;
    }

    /** Whether any live P's local run queue holds a G (racy). Go: part of checkRunqsNoP. */
    boolean anyLocalWork() {
        for (P p : allp) {
            if (!p.runq.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Goroutines created on the Ps of {@link #everyP} (racy sum). Go: part of gcount. */
    long created() {
        long n = 0;
        for (P p : everyP) {
            n += p.created();
        }
        return n;
    }

    /** Goroutines ended on the Ps of {@link #everyP} (racy sum). Go: part of gcount. */
    long exited() {
        long n = 0;
        for (P p : everyP) {
            n += p.exited();
        }
        return n;
    }

    /** Gs released by the free lists of the Ps of {@link #everyP} (racy sum). */
    long releasedGs() {
        long n = 0;
        for (P p : everyP) {
            n += p.gReleased;
        }
        return n;
    }
}
