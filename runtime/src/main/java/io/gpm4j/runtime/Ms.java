package io.gpm4j.runtime;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Ms: every M alive, the idle list, and the protocol that starts and parks them.
 *
 * <h2>Parking and unparking Ms</h2>
 * Work is submitted to a run queue, then {@link #wakep} starts a spinning M if there is an idle P
 * and no M spins already ({@link Spinning}). A spinning M that finds work stops spinning and, as
 * the last spinner, wakes the next ({@link #resetSpinning}); one that finds nothing stops
 * spinning <em>before</em> its last look at every run queue and only then parks ({@link #stopm}),
 * so a waker that saw it spinning and skipped {@code wakep} loses nothing. An idle runtime has
 * every M parked on the idle list: no CPU is used.
 *
 * <h2>The limit on Ms</h2>
 * Ms multiply when goroutines block their carriers ({@link PinnedBlocking}): each blocked M hands
 * its P to another, new if none is idle. Ms alive (carriers and Go.run callers, {@code mcount})
 * are bounded by {@code gpm4j.maxthreads} (a positive integer; default {@value #DEFAULT_MAX_THREADS}
 * as in Go; a bad value is ignored with one warning line). Counting one M more than that is
 * fatal, as in Go: {@code runtime: program exceeds <N>-thread limit}, then
 * {@code fatal error: thread exhaustion} and the goroutine dump ({@link Fatal}), exit status 2.
 * The check costs one comparison, only when an M is created.
 *
 * <p>Go: allm, sched.midle, sched.nmidle, mcount(), sched.nmspinning, sched.maxmcount; mput, mget,
 * startm, newm, mstart, stopm, wakep, handoffp, resetspinning, checkmcount (runtime/proc.go);
 * debug.SetMaxThreads.
 */
final class Ms {
    /** The limit on Ms alive unless {@value #MAX_THREADS_PROPERTY} says otherwise. Go: schedinit's maxmcount. */
    static final int DEFAULT_MAX_THREADS = 10_000;
    /** The system property that sets the limit on Ms alive. Go: debug.SetMaxThreads. */
    static final String MAX_THREADS_PROPERTY = "gpm4j.maxthreads";

    /** The root: a new carrier runs its loop ({@link Sched#mstart}). */
    private final Sched sched;
    /** Go: sched.lock. */
    private final Object lock;
    private final Ps ps;
    private final GlobalRunQueue globalRunq;
    private final CheckDead checkdead;
    /** Go: sched.nmspinning and each m.spinning. */
    private final Spinning spinning = new Spinning();

    /** Idle Ms, linked by {@link M#schedlink}. Guarded by the sched lock. Go: sched.midle. */
    private M midle;
    /** Ms on the idle list. Guarded by the sched lock. Go: sched.nmidle. */
    private int nmidle;
    /** Ms alive: carriers and Go.run callers. Guarded by the sched lock. Go: mcount(). */
    private int mcount;
    /**
     * Ms taken off the idle list to run a P so far ({@link #startm}): each a wake-up through the
     * kernel. Guarded by the sched lock.
     */
    private long idleWakes;
    /** The most Ms alive before {@link #checkmcount} is fatal. Go: sched.maxmcount. */
    private final int maxmcount;
    /** Every M alive. Guarded by the sched lock. Go: allm. */
    private final List<M> allm = new ArrayList<>();
    /** The last M id handed out. Go: sched.mnext. */
    private final AtomicLong midgen = new AtomicLong();

    Ms(Sched sched, Object schedLock, Ps ps, GlobalRunQueue globalRunq, CheckDead checkdead) {
        this.sched = sched;
        this.lock = schedLock;
        this.ps = ps;
        this.globalRunq = globalRunq;
        this.checkdead = checkdead;
        this.maxmcount = maxThreads(System.getProperty(MAX_THREADS_PROPERTY), System.err);
    }

    /**
     * The limit on Ms alive given the property's {@code value}: a positive integer, else (with one
     * warning line on {@code err} unless {@code value} is null) {@link #DEFAULT_MAX_THREADS}.
     */
    static int maxThreads(String value, PrintStream err) {
        if (value == null) {
            return DEFAULT_MAX_THREADS;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // warned below
        }
        err.println("gpm4j: ignoring " + MAX_THREADS_PROPERTY + "=" + value
                + " (not a positive integer); the limit stays " + DEFAULT_MAX_THREADS + " threads");
        return DEFAULT_MAX_THREADS;
    }

    /**
     * Fatal when more Ms are alive than the limit allows; called each time {@code mcount} grows.
     * Caller holds the sched lock. Go: checkmcount.
     */
    private void checkmcount() {
        assert Thread.holdsLock(lock);
        if (mcount > maxmcount) {
            System.err.print("runtime: program exceeds " + maxmcount + "-thread limit\n");
            throw Fatal.error("thread exhaustion");
        }
    }

    /** The spinning-M count. */
    Spinning spinning() {
        return spinning;
    }

    /** A fresh M id. Any thread. Go: mReserveID. */
    long newId() {
        return midgen.incrementAndGet();
    }

    /** Ms alive. Caller holds the sched lock. Go: mcount. */
    int countLocked() {
        assert Thread.holdsLock(lock);
        return mcount;
    }

    /** Ms on the idle list. Caller holds the sched lock. Go: sched.nmidle. */
    int idleLocked() {
        assert Thread.holdsLock(lock);
        return nmidle;
    }

    /** Ms alive and not idle: those that may still ready a goroutine. Caller holds the sched lock. Go: checkdead's run. */
    int runningLocked() {
        assert Thread.holdsLock(lock);
        return mcount - nmidle;
    }

    /** A copy of allm. Caller holds the sched lock. Go: allm. */
    List<M> allLocked() {
        assert Thread.holdsLock(lock);
        return new ArrayList<>(allm);
    }

    /** Counts a new M (a Go.run caller) as alive. Caller holds the sched lock. Go: mcommoninit. */
    void addLocked(M m) {
        assert Thread.holdsLock(lock);
        mcount++;
        checkmcount();
        allm.add(m);
    }

    /**
     * Forgets an M that leaves for good (a Go.run caller), idle or not, then runs checkdead: the
     * leaving M counted as running while it was on its way out, so the last M to go idle before
     * it may have looked too early (another Go.run's main, waiting for good, would wait forever).
     * Caller holds the sched lock. Go: mexit, which calls checkdead for the same reason.
     */
    void removeLocked(M m) {
        assert Thread.holdsLock(lock);
        if (m.idle) {
            mRemoveIdle(m);
        }
        mcount--;
        allm.remove(m);
        checkdead.check();
    }

    /** Puts {@code m} on the idle list, then runs checkdead. Caller holds the sched lock. Go: mput. */
    private void mput(M m) {
        assert Thread.holdsLock(lock);
        m.schedlink = midle;
        midle = m;
        m.idle = true;
        nmidle++;
        checkdead.check();
    }

    /** Takes an idle M, or null. Caller holds the sched lock. Go: mget. */
    private M mget() {
        assert Thread.holdsLock(lock);
        M m = midle;
        if (m != null) {
            midle = m.schedlink;
            m.schedlink = null;
            m.idle = false;
            nmidle--;
        }
        return m;
    }

    /** Idle Ms woken to run a P so far. Caller holds the sched lock. */
    long idleWakesLocked() {
        assert Thread.holdsLock(lock);
        return idleWakes;
    }

    /** Takes {@code target} off the idle list if it is there (an M whose Go.run call ended). Caller holds the sched lock. */
    void mRemoveIdle(M target) {
        assert Thread.holdsLock(lock);
        M prev = null;
        for (M m = midle; m != null; prev = m, m = m.schedlink) {
            if (m == target) {
                if (prev == null) {
                    midle = m.schedlink;
                } else {
                    prev.schedlink = m.schedlink;
                }
                m.schedlink = null;
                m.idle = false;
                nmidle--;
                return;
            }
        }
    }

    /**
     * Starts an M to run {@code p} (an idle P if null). With {@code spinning} the caller won a
     * {@link Spinning#claim}, which goes to the M, or is given back when there is no idle P.
     * Go: startm.
     */
    private void startm(P p, boolean spinning) {
        M m;
        synchronized (lock) {
            if (p == null) {
                p = ps.pidleget();
                if (p == null) {
                    if (spinning) {
                        this.spinning.unclaim();
                    }
                    return;
                }
            }
            m = mget();
            if (m == null) {
                mcount++;
                checkmcount();
            } else {
                idleWakes++;
            }
        }
        if (m == null) {
            newm(p, spinning);
            return;
        }
        if (spinning) {
            this.spinning.handTo(m);
        }
        m.nextp = p;
        m.wake();
    }

    /** Starts a carrier thread that will run {@code p}; mcount already counts it. Go: newm. */
    private void newm(P p, boolean spinning) {
        long id = newId();
        // made with the caller's stack cut off: an M outlives whatever code started it (RuntimeThreads)
        CarrierThread c = RuntimeThreads.privileged(() -> new CarrierThread(id, sched));
        synchronized (lock) {
            allm.add(c.m);
        }
        c.m.nextp = p;
        if (spinning) {
            this.spinning.handTo(c.m);
        }
        c.start();
    }

    /**
     * A carrier counts once in {@link Frames#mounted} while it is out of the idle list, instead of
     * once per goroutine it mounts: the hint only has to be non-zero while a continuation may be
     * mounted on it, and a carrier off the idle list may mount one at any moment. Owner M only.
     */
    static void holdMountedHint(M m, boolean hold) {
        if (m.thread instanceof CarrierThread) {
            CarrierThread t = (CarrierThread) m.thread;
            if (t.holdsMountedHint != hold) {
                t.holdsMountedHint = hold;
                Frames.mounted(hold ? +1 : -1);
            }
        }
    }

    /**
     * Parks {@code m}, which found no work and holds no P, until {@link #startm} hands it a P or
     * its Go.run call ends. A spinning M must not stop (it would stay counted): fatal. Owner M
     * only. Go: stopm.
     */
    void stopm(M m) {
        if (m.spinning) {
            throw Fatal.error("stopm spinning");
        }
        holdMountedHint(m, false);
        synchronized (lock) {
            if (m.main != null && m.main.done) {
                // The Go.run call ended after the caller last looked, while this M was not on
                // the idle list, so finishMain did not wake it: parking now would never end.
                holdMountedHint(m, true);
                return;
            }
            mput(m);
        }
        m.park();
        holdMountedHint(m, true);
        P p = m.nextp;
        if (p != null) {
            m.nextp = null;
            ps.acquirep(m, p);
        }
    }

    /**
     * {@link #wakep} for a goroutine just started ({@code Go.go}) in the caller's own run queue.
     * When no P is idle and no M spins, it waits for a busy P, whose M may be blocked in the JDK:
     * sysmon must be looking ({@link Sysmon#nudge}); a spinning M would take it, stuck Ps or not.
     * Starting a goroutine and then blocking is how a program hands work off before a call into
     * the JDK (bench {@code handoff}), and the spawner runs on after a spawn. Not from g0
     * ({@code m.curg == null}): that M is in its scheduler and runs its queue next. A readied
     * goroutine wakes no sysmon ({@link Sched#ready}). Any thread with a P. Go: newproc's wakep;
     * the nudge has no Go twin (Go wakes a sleeping sysmon when a goroutine enters a system call,
     * which gpm4j cannot see).
     */
    void wakepForQueued(M m) {
        if (ps.idleCount() == 0 && spinning.count() == 0) {
            if (m.curg != null) {
                sched.sysmon().nudge();
            }
            return;
        }
        wakep();
    }

    /**
     * Starts a spinning M when there is an idle P and no M spins; called after work was made
     * runnable. Any thread. Go: wakep.
     */
    void wakep() {
        if (ps.idleCount() == 0) {
            return;
        }
        if (!spinning.claim()) {
            return;
        }
        startm(null, true);
    }

    /**
     * Starts an M for {@code p}, an idle P the caller took ({@link Ps#pidleget}) in the same
     * critical section in which it put work on the global queue. Any thread.
     * Go: injectglist's startIdle.
     */
    void startIdle(P p) {
        startm(p, false);
    }

    /**
     * Starts an M for an idle P, if there is one, for a caller without a P that needs an M to
     * look (a plain thread that waits on a socket, a timer armed from one): {@link #wakep} would
     * trust a spinning M that may be about to give up (see {@link Sched#injectWithoutP}). Any
     * thread. Go: injectglist's startIdle.
     */
    void startIdle() {
        startm(null, false);
    }

    /**
     * Starts an M for an idle P if the global queue holds work that may have no M to look for it
     * (a dead P's drained Gs, work waiting when new Ps appear), checking and taking the P under
     * the sched lock as {@link Sched#injectWithoutP} does. Any thread.
     */
    void startIdleForGlobalWork() {
        P idle = null;
        synchronized (lock) {
            if (globalRunq.size() != 0) {
                idle = ps.pidleget();
            }
        }
        if (idle != null) {
            startm(idle, false);
        }
    }

    /**
     * A spinning M found work: it stops spinning and wakes another, so that the rest of the work
     * also finds an M. Owner M only. Go: resetspinning.
     */
    void resetSpinning(M m) {
        spinning.stop(m);
        wakep();
    }

    /**
     * {@code m} lets go of its P (if any) for good, leaving the loop or stopping: it stops
     * spinning first (a spinning M must not stop), hands the P off, and then, if it was spinning,
     * wakes another M to look for the work it was started for. Owner M only.
     * Go: resetspinning + handoffp, as stopm's callers use them.
     */
    void leaveP(M m) {
        boolean wasSpinning = spinning.stop(m);
        P p = ps.releasep(m);
        if (p != null) {
            handoffp(p);
        }
        if (wasSpinning) {
            wakep();
        }
    }

    /**
     * Gives away {@code p}, which its M no longer runs (it blocks or leaves): to a new M when
     * there is work or no M looks for any, else to the idle list; a DEAD P is drained. Any thread
     * that owns {@code p}. Go: handoffp (its conditions and findRunnable's must agree).
     */
    void handoffp(P p) {
        if (p.status == P.DEAD) {
            synchronized (lock) {
                ps.pidleput(p); // drains it to the global queue
            }
            // the drained Gs (a goroutine on the dead P may have spawned or readied some) need
            // an M: every other M may be parked, and this one is about to stop
            startIdleForGlobalWork();
            return;
        }
        if (!p.runq.isEmpty() || globalRunq.size() != 0) {
            startm(p, false);
            return;
        }
        if (spinning.count() + ps.idleCount() == 0 && spinning.claim()) {
            startm(p, true); // no spinning or idle M: start a spinner to look for work
            return;
        }
        synchronized (lock) {
            // The last running P, and goroutines wait on the network with nobody polling (the
            // poller may be the M that leaves with its Go.run call): an M must take the P and,
            // finding no work, block in the poller, or their readiness is never seen. Looked at
            // under the lock that the idle list's put is made under, so that a goroutine that
            // counts as a waiter meanwhile on an M without a P either is seen here or finds
            // this P idle (Netpoll.ensurePollerIfWaiting).
            boolean lastForPoller = ps.idleCount() == ps.gomaxprocs() - 1 && sched.netpoll().needsPoller();
            if (globalRunq.size() == 0 && !lastForPoller) {
                ps.pidleput(p);
                return;
            }
        }
        startm(p, false); // work in the global queue, or a poller wanted
    }
}
