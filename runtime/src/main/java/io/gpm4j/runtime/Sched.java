package io.gpm4j.runtime;

import io.gpm4j.DeadlockException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler: Go's G/M/P design, in Java. One instance per JVM, booted on first use.
 *
 * <h2>The loop</h2>
 * Every M runs {@link #schedule}: {@link #findRunnable} → {@link #execute} (Go's gogo: resume the
 * G's continuation on this thread) → the G suspends or ends and control is back on this M's g0,
 * which does what the G asked (Go's mcall: {@link #parkM}, gosched, {@link #goexit0}) → again.
 * Running the G's request only after its frames are saved is what makes
 * {@code gopark(unlockf)} free of lost wake-ups: another M may ready the G the instant
 * {@code unlockf} releases the lock it was parked under.
 *
 * <h2>Spinning and parking Ms</h2>
 * As in proc.go: work is submitted to a P's run queue (or the global queue) and then
 * {@link #wakep} starts a spinning M if there is an idle P and no spinning M already; a spinning
 * M that finds work calls {@link #resetSpinning}, which wakes the next one. An M finding nothing
 * gives up its P and, as the last spinner, re-checks every run queue after decrementing the
 * spinner count before it parks (the "delicate dance" that loses no wake-up). An idle runtime
 * has every M parked: no CPU is used.
 *
 * <h2>Locking</h2>
 * {@link #lock} (Go: sched.lock) guards the global run queue, the idle P and M lists, the global
 * free-G list and the counts used by {@link #checkdead}. Run queues are lock-free
 * ({@link RunQueue}). Functions say "Caller holds the sched lock." where they need it.
 */
final class Sched {
    private static volatile Sched instance;
    private static final ThreadLocal<M> M_OF_THREAD = new ThreadLocal<>();

    /** Go: sched.lock. */
    final Object lock = new Object();

    /** Go: ncpu (osinit). */
    final int ncpu;
    /** Go: gomaxprocs. Written under the lock by procresize. */
    volatile int gomaxprocs;
    /** Go: allp. Replaced (not mutated) by procresize. */
    volatile P[] allp = new P[0];
    /** Strides coprime with gomaxprocs, for stealing in a random order. Go: stealOrder. */
    private volatile int[] coprimes = new int[0];

    /** Idle Ps, linked by P.link. Guarded by lock. Go: sched.pidle. */
    private P pidle;
    /** Go: sched.npidle. Written under lock, read racily. */
    volatile int npidle;
    /** Idle Ms, linked by M.schedlink. Guarded by lock. Go: sched.midle. */
    private M midle;
    /** Go: sched.nmidle. Guarded by lock. */
    private int nmidle;
    /** Ms alive: carriers and Go.run callers. Guarded by lock. Go: mcount(). */
    private int mcount;
    /** Go: sched.nmspinning. */
    final AtomicInteger nmspinning = new AtomicInteger();
    private final AtomicLong midgen = new AtomicLong();

    /** Go: sched.runq. */
    final GlobalRunQueue globalRunq = new GlobalRunQueue();

    /** Go: the timer half of findRunnable, addtimer and the netpoll sleep. */
    final SchedTimers timers = new SchedTimers(this);
    /** Go: sched.gFree and the per-P lists. */
    private final FreeGs freeGs = new FreeGs(lock);
    /** Every G ever made (they are reused, never freed). Guarded by lock. Go: allgs. */
    private final List<G> allgs = new ArrayList<>();
    /** The M of the first Go.run call (the JVM main thread in the agent's main mode). Go: m0. */
    volatile M m0;
    /** Every M alive. Guarded by lock. Go: allm. */
    private final List<M> allm = new ArrayList<>();

    private final AtomicLong goidgen = new AtomicLong();
    /** Goroutines created by plain threads (no P); the rest are counted per P. */
    private final AtomicLong createdWithoutP = new AtomicLong();

    /**
     * Goroutines alive: created minus ended, summed over every P, without a shared counter on the
     * spawn path. Racy, like Go's. Go: gcount().
     */
    int ngoroutines() {
        return (int) (goroutinesCreated() - goroutinesEnded());
    }

    /** Goroutines created since boot (racy sum, as {@link #ngoroutines}). */
    long goroutinesCreated() {
        long n = createdWithoutP.get();
        for (P p : allPs) {
            n += p.created();
        }
        return n;
    }

    /** Goroutines ended since boot (racy sum, as {@link #ngoroutines}). */
    long goroutinesEnded() {
        long n = 0;
        for (P p : allPs) {
            n += p.exited();
        }
        return n;
    }

    /** A goroutine id; a P takes them from the global counter 16 at a time. Go: newproc1's goidcache. */
    private long newGoid(P p) {
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

    private static final int GOID_BATCH = 16;
    /** Plain threads blocked in the runtime right now. Guarded by lock. */
    private int nblockedThreads;
    /** Goroutines that block their carrier because a frame pins them. */
    final PinnedBlocking pinning = new PinnedBlocking(this);

    private Sched(int ncpu, int procs) {
        this.ncpu = ncpu;
        synchronized (lock) {
            procresize(procs);
        }
    }

    /** The scheduler, booted on first use. Go: osinit + schedinit. */
    static Sched get() {
        Sched s = instance;
        if (s == null) {
            synchronized (Sched.class) {
                s = instance;
                if (s == null) {
                    int ncpu = Math.max(1, Runtime.getRuntime().availableProcessors()); // Go: osinit
                    s = new Sched(ncpu, defaultProcs(ncpu));
                    instance = s;
                    SchedTrace.startIfConfigured(s);
                    JfrEvents.boot(s);
                }
            }
        }
        return s;
    }

    /** GOMAXPROCS from the environment, then {@code gpm4j.gomaxprocs}, else the CPU count. */
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

    // ------------------------------------------------------------------ Ps

    /**
     * Changes the number of Ps. New Ps start idle; the Gs of removed Ps move to the global queue.
     * Caller holds the sched lock. Go: procresize.
     */
    void procresize(int n) {
        assert Thread.holdsLock(lock);
        P[] old = allp;
        P[] next = java.util.Arrays.copyOf(old, Math.max(n, old.length));
        for (int i = 0; i < next.length; i++) {
            if (next[i] == null) {
                next[i] = new P(i);
                next[i].status = P.IDLE;
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
        allp = java.util.Arrays.copyOf(next, n);
        gomaxprocs = n;
        List<Integer> strides = new ArrayList<>();
        for (int c = 1; c <= n; c++) {
            if (gcd(c, n) == 1) {
                strides.add(c);
            }
        }
        coprimes = strides.stream().mapToInt(Integer::intValue).toArray();
        allPs = next;
    }

    /** Every P ever made, dead ones included (for draining and dumps). */
    private volatile P[] allPs = new P[0];

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Sets GOMAXPROCS; returns the previous value. Go: runtime.GOMAXPROCS (stop-the-world free here). */
    int setGomaxprocs(int n) {
        try {
            synchronized (lock) {
                int previous = gomaxprocs;
                if (n >= 1 && n != previous) {
                    procresize(n);
                }
                return previous;
            }
        } finally {
            wakep(); // new Ps may have work waiting in the global queue
        }
    }

    /** Caller holds the sched lock. Go: pidleput. */
    private void pidleput(P p) {
        assert Thread.holdsLock(lock);
        if (p.status == P.DEAD) {
            p.m = null;
            drainDeadP(p);
            return;
        }
        if (pinning.handOff(p)) {
            return;
        }
        p.status = P.IDLE;
        p.m = null;
        p.link = pidle;
        pidle = p;
        npidle++;
    }

    /** Caller holds the sched lock. Go: pidleget. */
    P pidleget() {
        assert Thread.holdsLock(lock);
        P p = pidle;
        if (p != null) {
            pidle = p.link;
            p.link = null;
            npidle--;
            p.status = P.RUNNING;
        }
        return p;
    }

    private void pidleRemove(P target) {
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
                return;
            }
        }
    }

    /** Moves a dead P's Gs to the global queue. Caller holds the sched lock; the P has no M. */
    private void drainDeadP(P p) {
        G g;
        while ((g = p.runq.get()) != null) {
            globalRunq.put(g);
        }
        freeGs.absorb(p);
        P keeper = allp.length > 0 ? allp[0] : null;
        if (keeper != null && keeper != p) {
            synchronized (p.timers) {
                synchronized (keeper.timers) {
                    p.timers.drainTo(keeper.timers);
                }
            }
        }
    }

    void acquirep(M m, P p) {
        m.p = p;
        p.m = m;
        // The status is already RUNNING (pidleget, or the M that handed the P over). Do not set
        // it: procresize may have made the P DEAD while it was in flight to this M, and writing
        // RUNNING here would revive a P that is no longer in allp (one P too many, for good).
        // schedule() sees the DEAD status and gives the P back to be drained.
    }

    /** Takes an idle P for {@code m}; false when none is idle. */
    boolean acquireIdleP(M m) {
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

    P releasep(M m) {
        P p = m.p;
        m.p = null;
        return p;
    }

    // ------------------------------------------------------------------ global run queue

    /** Puts a linked batch of {@code n} Gs on the global queue (from a full local queue). */
    void globalPutBatch(G first, G last, int n) {
        synchronized (lock) {
            globalRunq.putBatch(first, last, n);
        }
    }

    // ------------------------------------------------------------------ Ms

    /** Caller holds the sched lock. Go: mput (which also runs checkdead). */
    private void mput(M m) {
        assert Thread.holdsLock(lock);
        m.schedlink = midle;
        midle = m;
        m.idle = true;
        nmidle++;
        checkdead();
    }

    /** Caller holds the sched lock. Go: mget. */
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

    private void mRemoveIdle(M target) {
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

    /** The M of the calling thread, or null for a thread that is not one. */
    static M currentM() {
        Thread t = Thread.currentThread();
        if (t instanceof Carrier) {
            return ((Carrier) t).m;
        }
        return M_OF_THREAD.get();
    }

    /** The P held by the calling thread's M, or null: the P whose run queue this thread owns. */
    static P currentP() {
        M m = currentM();
        return m == null ? null : m.p;
    }

    /** The goroutine running on the calling thread, or null. Go: getg() when it is not g0. */
    static G currentG() {
        Continuation c = Continuation.current();
        return c instanceof GContinuation ? ((GContinuation) c).g : null;
    }

    /**
     * Starts an M to run {@code p} (an idle one if none is given); with {@code spinning}, the
     * caller has already counted the M in {@link #nmspinning}. Go: startm.
     */
    private void startm(P p, boolean spinning) {
        M m;
        synchronized (lock) {
            if (p == null) {
                p = pidleget();
                if (p == null) {
                    if (spinning) {
                        nmspinning.decrementAndGet(); // undo the caller's increment
                    }
                    return;
                }
            }
            m = mget();
            if (m == null) {
                mcount++;
            }
        }
        if (m == null) {
            newm(p, spinning);
            return;
        }
        m.spinning = spinning;
        m.nextp = p;
        m.wake();
    }

    /** Starts a carrier thread that will run {@code p}. Go: newm. */
    private void newm(P p, boolean spinning) {
        Carrier c = new Carrier(midgen.incrementAndGet(), null);
        synchronized (lock) {
            allm.add(c.m);
        }
        c.m.nextp = p;
        c.m.spinning = spinning;
        c.start();
    }

    /** A carrier's life. Go: mstart → mstart1 → schedule. */
    void mstart(M m) {
        P p = m.nextp;
        m.nextp = null;
        acquirep(m, p);
        holdMountedHint(m, true);
        schedule(m);
    }

    /**
     * A carrier counts once in {@link Frames#mounted} while it is out of the idle list, instead of
     * once per goroutine it mounts: the hint only has to be non-zero while a continuation may be
     * mounted on it, and a carrier off the idle list may mount one at any moment.
     */
    private static void holdMountedHint(M m, boolean hold) {
        if (m.thread instanceof CarrierThread) {
            CarrierThread t = (CarrierThread) m.thread;
            if (t.holdsMountedHint != hold) {
                t.holdsMountedHint = hold;
                Frames.mounted(hold ? +1 : -1);
            }
        }
    }

    /**
     * Parks an M that found no work, until {@link #startm} hands it a P or its Go.run call ends.
     * Go: stopm.
     */
    private void stopm(M m) {
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
            acquirep(m, p);
        }
    }

    /** Go: wakep. Starts a spinning M when there is an idle P and no spinning M. */
    void wakep() {
        if (npidle == 0) {
            return;
        }
        if (nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
            return;
        }
        startm(null, true);
    }

    /** A spinning M found work: it stops spinning and, if it was the last spinner, wakes another. Go: resetspinning. */
    private void resetSpinning(M m) {
        m.spinning = false;
        if (nmspinning.decrementAndGet() < 0) {
            throw new IllegalStateException("findrunnable: negative nmspinning");
        }
        wakep();
    }

    /**
     * Gives away {@code p} of an M that blocks or leaves: to a new M when there is work, else to
     * the idle list. Go: handoffp.
     */
    void handoffp(P p) {
        if (p.status == P.DEAD) {
            synchronized (lock) {
                pidleput(p); // drains it to the global queue
            }
            if (globalRunq.size() != 0) {
                // the drained Gs (a goroutine on the dead P may have spawned or readied some)
                // need an M: every other M may be parked, and this one is about to stop
                wakep();
            }
            return;
        }
        if (!p.runq.isEmpty() || globalRunq.size() != 0) {
            startm(p, false);
            return;
        }
        if (nmspinning.get() + npidle == 0 && nmspinning.compareAndSet(0, 1)) {
            startm(p, true); // no spinning or idle M: start a spinner to look for work
            return;
        }
        synchronized (lock) {
            if (globalRunq.size() != 0) {
                // fall through to start an M outside the lock
            } else {
                pidleput(p);
                return;
            }
        }
        startm(p, false);
    }

    // ------------------------------------------------------------------ goroutines

    /** Creates a goroutine running {@code fn} and queues it. Go: newproc + newproc1. */
    G newproc(Runnable fn, MainCall main) {
        M m = currentM();
        P p = m == null ? null : m.p;
        G g = gfget(p);
        g.fn = fn;
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
            p.runq.put(g, true, this);
        } else {
            synchronized (lock) {
                globalRunq.put(g);
            }
        }
        if (main == null) {
            wakep();
        }
        return g;
    }

    /** A free G, else a new one. Go: gfget (and malg). */
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

    // ------------------------------------------------------------------ the loop

    /**
     * One M's scheduler loop: find a G, run it, do what it asked, again. Returns only for the M
     * of a Go.run call, once its main goroutine is done. Go: schedule (looping instead of
     * calling itself).
     */
    void schedule(M m) {
        for (;;) {
            if (m.main != null && m.main.done) {
                return;
            }
            if (m.p != null && m.p.status == P.DEAD) {
                boolean wasSpinning = m.spinning;
                if (wasSpinning) {
                    // started (or woken) as a spinner with a P that procresize then killed: an M
                    // must not stop while counted in nmspinning, or wakep never starts one again
                    m.spinning = false;
                    nmspinning.decrementAndGet();
                }
                handoffp(releasep(m)); // procresize shrank: give the dead P back to be drained
                if (wasSpinning) {
                    wakep(); // look for the work this spinner was started for (Go: resetspinning)
                }
                stopm(m);
                continue;
            }
            G g = findRunnable(m);
            if (g == null) {
                return;
            }
            if (m.spinning) {
                resetSpinning(m);
            }
            execute(m, g, m.inheritTime);
            if (pinning.waitingForP() && pinning.yieldP(m)) {
                stopm(m);
            }
        }
    }

    /**
     * Finds a runnable G for {@code m}, blocking (stopm) when there is none. Returns null when
     * the M should leave the loop (its Go.run call is over). Go: findRunnable, in Go's order.
     */
    private G findRunnable(M m) {
        for (;;) {
            if (m.main != null && m.main.done) {
                return null;
            }
            P p = m.p;
            if (p == null) {
                stopm(m);
                continue;
            }
            m.inheritTime = false;
            long now = System.nanoTime();
            timers.runTimers(p, now); // Go: checkTimers at the top of findRunnable
            // every 61st tick, be fair to the global queue
            if (p.schedtick % 61 == 0 && globalRunq.size() > 0) {
                G g;
                synchronized (lock) {
                    g = globalRunq.get(p, 1, gomaxprocs, this);
                }
                if (g != null) {
                    return g;
                }
            }
            G g = p.runq.get();
            if (g != null) {
                m.inheritTime = p.runq.tookRunnext;
                return g;
            }
            if (globalRunq.size() > 0) {
                synchronized (lock) {
                    g = globalRunq.get(p, 0, gomaxprocs, this);
                }
                if (g != null) {
                    return g;
                }
            }
            // due timers of other Ps, idle ones included (Go runs them in stealWork's last pass)
            if (timers.runTimersElsewhere(p, now)) {
                continue;
            }
            // steal, if this M is spinning or few are
            int procs = gomaxprocs;
            if (m.spinning || 2 * nmspinning.get() < procs - npidle) {
                if (!m.spinning) {
                    m.spinning = true;
                    nmspinning.incrementAndGet();
                }
                g = stealWork(m, p);
                if (g != null) {
                    return g;
                }
            }
            // nothing: give up the P
            synchronized (lock) {
                if (m.main != null && m.main.done) {
                    return null;
                }
                if (globalRunq.size() != 0) {
                    g = globalRunq.get(p, 0, gomaxprocs, this);
                    if (g != null) {
                        return g;
                    }
                }
                releasep(m);
                pidleput(p);
            }
            if (m.spinning) {
                // the delicate dance: stop spinning first, then look once more, so that work
                // submitted by a waker that saw this M spinning is not lost
                m.spinning = false;
                if (nmspinning.decrementAndGet() < 0) {
                    throw new IllegalStateException("findrunnable: negative nmspinning");
                }
                if (anyRunQueueNonEmpty()) {
                    P again;
                    synchronized (lock) {
                        again = pidleget();
                    }
                    if (again != null) {
                        acquirep(m, again);
                        m.spinning = true;
                        nmspinning.incrementAndGet();
                        continue;
                    }
                }
            }
            if (timers.sleepUntilTimer(m)) {
                continue;
            }
            stopm(m);
        }
    }

    private boolean anyRunQueueNonEmpty() {
        if (globalRunq.size() != 0) {
            return true;
        }
        for (P p : allp) {
            if (!p.runq.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Steals from other Ps: four passes over all Ps in a random order, taking half of a
     * victim's queue; the last pass may take its runnext. Go: stealWork.
     */
    private G stealWork(M m, P p) {
        P[] ps = allp;
        int n = ps.length;
        int[] strides = coprimes;
        if (n <= 1 || strides.length == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int pass = 0; pass < 4; pass++) {
            boolean stealRunnext = pass == 3;
            int pos = random.nextInt(n);
            int stride = strides[random.nextInt(strides.length)];
            for (int i = 0; i < n; i++, pos = (pos + stride) % n) {
                P victim = ps[pos];
                if (victim == p || victim.status != P.RUNNING) {
                    continue;
                }
                G g = victim.runq.stealInto(p.runq, stealRunnext);
                if (g != null) {
                    steals.incrementAndGet();
                    JfrEvents.stole(m, p, victim, p.runq.lastStolen, g);
                    return g;
                }
            }
        }
        return null;
    }

    /** Goroutines that blocked their carrier because a frame pinned them (tests and traces). */
    final AtomicLong pinnedEvents = new AtomicLong();

    /** Successful steals so far (tests and traces). */
    final AtomicLong steals = new AtomicLong();

    /**
     * Runs {@code g} on this thread until it suspends or ends, then does what it asked.
     * Go: execute + gogo, and the mcall functions on return.
     */
    private void execute(M m, G g, boolean inherit) {
        for (;;) {
            m.curg = g;
            g.m = m;
            g.cas(G.RUNNABLE, G.RUNNING);
            if (!inherit) {
                m.p.schedtick++;
            }
            JfrEvents.GoroutineRun run = JfrEvents.starting(g, m, m.p);
            boolean finished;
            Throwable failure = null;
            try {
                finished = g.continuation.run();
            } catch (Goexit e) {
                finished = true;
            } catch (Throwable t) {
                finished = true;
                failure = t;
            }
            m.curg = null;
            int request = m.mcall;
            if (run != null) {
                JfrEvents.stopped(run, g, m, m.p, finished ? "ended" : request == M.MCALL_PARK ? "parked" : "yielded");
            }
            if (finished) {
                goexit0(m, g, failure);
                return;
            }
            m.mcall = M.MCALL_NONE;
            if (request == M.MCALL_PARK) {
                if (parkM(m, g)) {
                    return;
                }
                inherit = true; // the park was cancelled: run g again at once
                continue;
            }
            // gosched, or a direct Continuation.suspend() in a goroutine: yield to the global queue
            g.cas(G.RUNNING, G.RUNNABLE);
            g.m = null;
            JfrEvents.runnable(g);
            synchronized (lock) {
                globalRunq.put(g);
            }
            return;
        }
    }

    /**
     * On g0, after the G's frames are saved: mark it waiting, then run its unlock function; if
     * that returns false the park is cancelled. Returns whether the G stays parked. Go: park_m.
     */
    private boolean parkM(M m, G g) {
        g.cas(G.RUNNING, G.WAITING);
        g.m = null;
        ParkUnlock f = m.waitUnlock;
        Object l = m.waitLock;
        m.waitUnlock = null;
        m.waitLock = null;
        if (f != null && !f.unlock(g, l)) {
            g.cas(G.WAITING, G.RUNNABLE);
            return false;
        }
        return true;
    }

    /** On g0, after the G ended: free it, report a failure, end a Go.run call. Go: goexit0. */
    private void goexit0(M m, G g, Throwable failure) {
        g.cas(G.RUNNING, G.DEAD);
        g.m = null;
        g.fn = null;
        g.waitReason = null;
        MainCall main = g.main;
        g.main = null;
        long goid = g.goid;
        g.continuation.reset(GContinuation.NOT_STARTED); // drop the body: it may hold user objects
        JfrEvents.ended(goid, failure != null, m, m.p);
        m.p.countExited();
        freeGs.put(m.p, g);
        if (main != null) {
            main.failure = failure;
            finishMain(main);
        } else if (failure != null) {
            Panics.uncaught(goid, failure);
        }
    }

    /** Ends a Go.run call: its caller's M leaves the loop (woken if it is parked). */
    private void finishMain(MainCall main) {
        synchronized (lock) {
            main.done = true;
            wakeOwner(main);
        }
    }

    /**
     * Wakes the M of an ended Go.run call wherever it waits (idle list, or asleep until a timer)
     * so that it leaves its loop. Caller holds the sched lock.
     */
    private void wakeOwner(MainCall main) {
        M owner = main.owner;
        timers.wakeIfSleeper(owner);
        if (owner.idle) {
            mRemoveIdle(owner);
            owner.nextp = null;
            owner.wake();
        }
    }

    /**
     * Readies a parked goroutine: puts it in the current P's runnext (or the global queue from a
     * plain thread) and wakes an M. A pinned goroutine's thread is unblocked instead.
     * Go: goready / ready.
     */
    void ready(G g) {
        // Read pinnedThread before the CAS: once the G is RUNNABLE its pinned thread may wake
        // (a spurious wake-up or a stale permit), clear the field and run on; read after, it
        // would be null and the running G would also be queued, to run twice.
        Thread pinned = g.pinnedThread;
        g.cas(G.WAITING, G.RUNNABLE);
        if (pinned != null) {
            LockSupport.unpark(pinned);
            return;
        }
        JfrEvents.runnable(g);
        P p = currentP();
        if (p != null) {
            p.runq.put(g, true, this);
        } else {
            synchronized (lock) {
                globalRunq.put(g);
            }
        }
        wakep();
    }

    // ------------------------------------------------------------------ requests from goroutines

    /**
     * Prepares the calling goroutine to park: the caller must then call
     * {@code Continuation.suspend()} (from rewritten code). Returns false on a thread that runs
     * no goroutine (the caller then blocks the thread: {@link #parkThread}).
     * Go: gopark, before its mcall.
     */
    boolean prepareParkGoroutine(ParkUnlock unlock, Object lockObject, String reason) {
        G g = currentG();
        if (g == null) {
            return false;
        }
        M m = g.m;
        m.mcall = M.MCALL_PARK;
        m.waitUnlock = unlock;
        m.waitLock = lockObject;
        g.waitReason = reason;
        JfrEvents.parking(g, reason);
        return true;
    }

    /** Prepares a gosched; false outside a goroutine (the thread yields instead). Go: Gosched. */
    boolean prepareGosched() {
        G g = currentG();
        if (g == null) {
            Thread.yield();
            return false;
        }
        g.m.mcall = M.MCALL_GOSCHED;
        return true;
    }

    /** A goroutine could not suspend: it blocks its carrier. See {@link PinnedBlocking#block}. */
    void pinned(G g, PinReason reason, StackTraceElement frame) {
        JfrEvents.GoroutinePinned event = JfrEvents.pinning();
        M m = g.m;
        String waitReason = g.waitReason;
        pinning.block(g);
        if (event != null) {
            JfrEvents.unpinned(event, g, m, reason, frame, waitReason);
        }
    }

    /**
     * Blocks a plain thread (one running no goroutine) until {@code waiter} is readied. Runs
     * {@code unlock} after the thread is marked waiting, as a goroutine's park does.
     */
    void parkThread(ThreadWaiter waiter, ParkUnlock unlock, Object lockObject, String reason) {
        waiter.reason = reason;
        waiter.state = ThreadWaiter.WAITING;
        synchronized (lock) {
            nblockedThreads++;
        }
        try {
            if (unlock != null && !unlock.unlock(waiter, lockObject)) {
                waiter.state = ThreadWaiter.RUNNING;
                return;
            }
            while (waiter.state != ThreadWaiter.RUNNING) {
                LockSupport.park(waiter);
            }
        } finally {
            synchronized (lock) {
                nblockedThreads--;
            }
        }
    }

    // ------------------------------------------------------------------ Go.run

    /**
     * Runs {@code main} as the main goroutine of a new Go.run call on the calling thread, which
     * serves as an M (m0 for the first call) until main is done; then rethrows what main threw,
     * or a {@link DeadlockException}. Go: rt0_go → newproc(main) → mstart → schedule.
     */
    void run(Runnable main) {
        if (currentM() != null || currentG() != null) {
            throw new IllegalStateException("Go.run called from inside a goroutine or a scheduler thread");
        }
        MainCall call = new MainCall();
        M m = new M(midgen.incrementAndGet(), Thread.currentThread(), call);
        call.owner = m;
        M_OF_THREAD.set(m);
        P p;
        synchronized (lock) {
            if (m0 == null) {
                m0 = m; // the thread that boots the runtime is m0 (Go: rt0_go binds m0 and g0)
            }
            mcount++;
            allm.add(m);
            p = pidleget();
        }
        try {
            if (p != null) {
                acquirep(m, p);
            }
            call.g = newproc(main, call);
            if (p == null) {
                wakep();
            }
            schedule(m);
            boolean wasSpinning = m.spinning;
            if (wasSpinning) {
                // The call ended while this M was spinning (startm can hand an idle Go.run M a P
                // as a spinner just before its main finishes): stop counting it, or nmspinning
                // stays above zero for good and wakep never starts an M again.
                m.spinning = false;
                nmspinning.decrementAndGet();
            }
            P held = releasep(m);
            if (held != null) {
                handoffp(held);
            }
            if (wasSpinning) {
                wakep(); // the work it was woken for is someone else's now (Go: resetspinning)
            }
        } finally {
            synchronized (lock) {
                if (m.idle) {
                    mRemoveIdle(m);
                }
                mcount--;
                allm.remove(m);
            }
            M_OF_THREAD.remove();
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
            throw new java.util.concurrent.CompletionException(failure);
        }
    }

    // ------------------------------------------------------------------ checkdead

    /**
     * Called when an M goes idle: if no M is running, no goroutine is pinned and no plain thread
     * is blocked in the runtime, then nothing can ever wake a waiting main goroutine: each
     * waiting Go.run call ends with a deadlock report. Caller holds the sched lock.
     * Go: checkdead.
     */
    private void checkdead() {
        assert Thread.holdsLock(lock);
        int run = mcount - nmidle;
        if (run > 0 || pinning.blockedLocked() > 0 || nblockedThreads > 0) {
            return;
        }
        if (globalRunq.size() > 0 || timers.pending()) {
            return; // a pending timer will wake someone: sleepers are not deadlocks (Go: checkdead)
        }
        for (P p : allp) {
            if (!p.runq.isEmpty()) {
                return;
            }
        }
        List<MainCall> stuck = new ArrayList<>();
        for (M m : allm) {
            MainCall call = m.main;
            if (call != null && !call.done && call.g != null && call.g.status() == G.WAITING) {
                stuck.add(call);
            }
        }
        if (stuck.isEmpty()) {
            return;
        }
        String dump = "all goroutines are asleep - deadlock!\n\n" + StackDump.of(liveLocked(), currentG());
        for (MainCall call : stuck) {
            call.deadlock = dump;
            call.done = true;
            wakeOwner(call);
        }
    }

    // ------------------------------------------------------------------ dumps and counts

    /** Go-format goroutine dump of every live goroutine. Go: traceback of allgs. */
    String dump() {
        synchronized (lock) {
            return StackDump.of(liveLocked(), currentG());
        }
    }

    /** Every G that has not ended (allgs holds dead ones for reuse). Caller holds the sched lock. */
    private List<G> liveLocked() {
        List<G> live = new ArrayList<>();
        for (G g : allgs) {
            int st = g.status();
            if (st != G.DEAD && st != G.IDLE) {
                live.add(g);
            }
        }
        return live;
    }

    /** The counts and lists a schedtrace prints, read under the lock. */
    static final class Snapshot {
        int gomaxprocs;
        int npidle;
        int mcount;
        int nmspinning;
        int nmidle;
        int runqsize;
        List<P> allp;
        List<M> allm;
        List<G> allg;
    }

    /** The counts, Ps, Ms and live goroutines (by goid) of a schedtrace, read under the lock. */
    Snapshot snapshot() {
        synchronized (lock) {
            Snapshot s = countsLocked();
            s.allg = liveLocked();
            s.allg.sort(java.util.Comparator.comparingLong(g -> g.goid));
            return s;
        }
    }

    /**
     * The counts, Ps and Ms only, read under the lock; {@code everyG} gets a copy of allgs (dead
     * ones included, statuses to be read racily), so that the lock is not held while counting a
     * million goroutines.
     */
    Snapshot counts(List<G> everyG) {
        synchronized (lock) {
            everyG.addAll(allgs);
            return countsLocked();
        }
    }

    private Snapshot countsLocked() {
        Snapshot s = new Snapshot();
        s.gomaxprocs = gomaxprocs;
        s.npidle = npidle;
        s.mcount = mcount;
        s.nmspinning = nmspinning.get();
        s.nmidle = nmidle;
        s.runqsize = globalRunq.size();
        s.allp = java.util.Arrays.asList(allp.clone());
        s.allm = new ArrayList<>(allm);
        return s;
    }

    /** A consistent snapshot of the counts a schedtrace line prints. */
    int idleMs() {
        synchronized (lock) {
            return nmidle;
        }
    }

    int threads() {
        synchronized (lock) {
            return mcount;
        }
    }
}
