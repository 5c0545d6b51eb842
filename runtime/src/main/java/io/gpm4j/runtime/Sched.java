package io.gpm4j.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler loop, and the root that holds the scheduler's parts: one instance per JVM,
 * booted on first use ({@link #get}). The package essay ({@code package-info.java}) tells the
 * whole design; this class is the data path of it.
 *
 * <h2>The loop</h2>
 * Every M runs {@link #schedule}: {@link #findRunnable} → {@link #execute} (Go's gogo: resume the
 * G's continuation on this thread) → the G suspends or ends and control is back on this M's g0,
 * which does what the G asked (Go's mcall: {@link #parkM}, gosched, {@link #goexit0}) → again.
 * Running the G's request only after its frames are saved is what makes
 * {@code gopark(unlockf)} free of lost wake-ups: another M may ready the G the instant
 * {@code unlockf} releases the lock it was parked under. The loop runs in batches, each a frame
 * of its own ({@link #scheduleBatch}): a frame that lives as long as its M would run on whatever
 * compiled code it was entered with, stale or not ({@link #schedule} says how that hurt).
 *
 * <h2>The parts</h2>
 * {@link Ps} (GOMAXPROCS, the idle P list), {@link Ms} (the idle M list, starting and parking Ms,
 * {@link Spinning}), {@link Gs} (newproc, goroutine ids), {@link GlobalRunQueue},
 * {@link FreeGs}, {@link SchedTimers}, {@link PinnedBlocking}, {@link CheckDead}, {@link GoRun}
 * ({@code Go.run} and m0), {@link Snapshot} (traces and dumps). Each owns its fields; the parts
 * reach each other through methods, and the loop through final fields.
 *
 * <h2>Locking</h2>
 * {@link #lock} (Go: sched.lock) guards the global run queue, the idle P and M lists and the
 * counts {@link CheckDead} reads; the global free-G stack has a lock of its own ({@link FreeGs},
 * Go's sched.gFree.lock), taken inside this one or alone. Run queues are lock-free ({@link RunQueue}).
 * Functions say "Caller holds the sched lock." where they need it, and assert it.
 *
 * <p>Go: schedt and proc.go's schedule, findRunnable, stealWork, execute, park_m, goexit0, ready.
 */
final class Sched {
    private static volatile Sched instance;

    /** Go: sched.lock. The one field the other parts read: they all lock it. */
    final Object lock = new Object();

    /** Go: ncpu (osinit). */
    private final int ncpu;
    /**
     * The M of the first Go.run call (the JVM main thread in the agent's main mode). Written once
     * under the sched lock. Go: m0.
     */
    private volatile M m0;
    /**
     * A copy of {@link Ps#allp}, refreshed by every procresize, for tools that read the root's
     * fields by reflection (tests' {@code BootStateProgram} reads {@code allp}, {@code m0} and
     * {@code ncpu}). The runtime itself never reads it. Go: allp.
     */
    @SuppressWarnings("unused")
    private volatile P[] allp;

    /** Go: sched.runq. */
    private final GlobalRunQueue globalRunq;
    /** Go: sched.gFree and the per-P lists. */
    private final FreeGs freeGs;
    /** The collections noticed so far (by sysmon), which make free Gs stale. */
    private final GcEpoch gcEpoch;
    /** Goroutines that block their carrier because a frame pins them. */
    private final PinnedBlocking pinning;
    /** The system monitor: preemption and hand-off of Ps held too long. */
    private final Sysmon sysmon;
    private final Ps ps;
    /** Go: the timer half of findRunnable, addtimer. */
    private final SchedTimers timers;
    /** Go: netpoll (the network poller, which is also the timer sleep). */
    private final Netpoll netpoll;
    private final CheckDead checkdead;
    private final Ms ms;
    /** The spinning-M count, owned by {@link #ms}; cached here for the loop. */
    private final Spinning spinning;
    private final Gs gs;
    private final GoRun goRun;

    /** Successful steals so far (tests and traces). */
    private final AtomicLong steals = new AtomicLong();
    /**
     * {@link #scheduleBatch} bound to this scheduler: an instance field, which the JIT does not
     * take for a constant, so that it never inlines the batch into {@link #schedule}.
     */
    private final MethodHandle scheduleBatchHandle;
    /** The live counters file, published by sysmon; null when off (and in the tests' own schedulers). */
    private volatile LiveCounters liveCounters;

    /** A scheduler with {@code procs} Ps, all idle, and no M. The JVM's one comes from {@link #get}; tests make their own. */
    Sched(int ncpu, int procs) {
        this.ncpu = ncpu;
        globalRunq = new GlobalRunQueue(lock);
        gcEpoch = new GcEpoch();
        freeGs = new FreeGs(gcEpoch);
        pinning = new PinnedBlocking(this);
        sysmon = new Sysmon(this);
        timers = new SchedTimers(this);
        ps = new Ps(lock, globalRunq, freeGs, pinning, sysmon, timers);
        netpoll = new Netpoll(this);
        checkdead = new CheckDead(this, lock);
        ms = new Ms(this, lock, ps, globalRunq, checkdead);
        spinning = ms.spinning();
        gs = new Gs(this, lock, ps, ms, globalRunq, freeGs);
        goRun = new GoRun(this, lock, ps, ms, gs, timers);
        scheduleBatchHandle = scheduleBatchHandle(this);
        synchronized (lock) {
            procresize(procs);
        }
    }

    private static MethodHandle scheduleBatchHandle(Sched sched) {
        try {
            return MethodHandles.lookup()
                    .findVirtual(Sched.class, "scheduleBatch", MethodType.methodType(boolean.class, M.class, G.class))
                    .bindTo(sched);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
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
                    s = new Sched(ncpu, Ps.defaultProcs(ncpu));
                    instance = s;
                    s.sysmon.start(); // it makes the live counters file (startLiveCounters)
                    SchedTrace.startIfConfigured(s);
                    JfrEvents.boot(s);
                }
            }
        }
        return s;
    }

    /** The scheduler if it has booted, else null (a fatal error's dump must not boot one). */
    static Sched booted() {
        return instance;
    }

    // ------------------------------------------------------------------ the parts

    Ps ps() {
        return ps;
    }

    Ms ms() {
        return ms;
    }

    Gs gs() {
        return gs;
    }

    GoRun goRun() {
        return goRun;
    }

    GlobalRunQueue globalRunq() {
        return globalRunq;
    }

    GcEpoch gcEpoch() {
        return gcEpoch;
    }

    FreeGs freeGs() {
        return freeGs;
    }

    SchedTimers timers() {
        return timers;
    }

    Netpoll netpoll() {
        return netpoll;
    }

    PinnedBlocking pinning() {
        return pinning;
    }

    /**
     * Makes the live counters file, if they are on. Sysmon, as it starts: mapping the file and
     * loading Agrona takes tens of milliseconds of a cold JVM, which the thread that booted the
     * scheduler (the application's, often its main thread starting up) need not wait for; sysmon
     * is the file's only writer anyway.
     */
    void startLiveCounters() {
        try {
            liveCounters = LiveCounters.startIfEnabled(this);
        } catch (LinkageError e) {
            // Agrona is not on the class path: no counters file
        }
    }

    /** The live counters, or null when there is no file (yet: sysmon makes it as it starts). */
    LiveCounters liveCounters() {
        return liveCounters;
    }

    Sysmon sysmon() {
        return sysmon;
    }

    /** Successful steals so far. */
    long steals() {
        return steals.get();
    }

    /** Binds {@code m} as m0 unless some M already is. Caller holds the sched lock. Go: rt0_go. */
    void bindM0Locked(M m) {
        assert Thread.holdsLock(lock);
        if (m0 == null) {
            m0 = m;
        }
    }

    /** Changes the number of Ps. Caller holds the sched lock. Go: procresize. */
    void procresize(int n) {
        assert Thread.holdsLock(lock);
        ps.procresize(n);
        allp = ps.allp();
    }

    /** Sets GOMAXPROCS; returns the previous value. Go: runtime.GOMAXPROCS (stop-the-world free here). */
    int setGomaxprocs(int n) {
        try {
            synchronized (lock) {
                int previous = ps.gomaxprocs();
                if (n >= 1 && n != previous) {
                    procresize(n);
                }
                return previous;
            }
        } finally {
            // new Ps may have work waiting in the global queue (the caller may hold no P), or may
            // steal from busy Ps
            ms.startIdleForGlobalWork();
            ms.wakep();
        }
    }

    /** Go: gomaxprocs. Racy. */
    int gomaxprocs() {
        return ps.gomaxprocs();
    }

    /**
     * Goroutines alive: created minus ended, summed over every P, without a shared counter on the
     * spawn path. Racy, like Go's. Go: gcount().
     */
    int ngoroutines() {
        return (int) (gs.created() - gs.ended());
    }

    /** Puts {@code batch[0..n)} on the global queue (from a full local queue). Any P. Go: globrunqputbatch. */
    void globalPutBatch(G[] batch, int n) {
        synchronized (lock) {
            globalRunq.putBatch(batch, n);
        }
    }

    /**
     * Puts {@code g}, readied or made by a thread that holds no P, on the global queue and starts
     * an M for an idle P if there is one, taking the P in the same critical section as the put.
     * Not {@link Ms#wakep}: that trusts a spinning M to find new work, which is right for work in
     * the waker's own run queue (its M runs it anyway) but not here. A {@code wakep} whose
     * {@code startm} found no idle P holds a spinning claim that nobody will act on until it
     * gives it back, and an M that stops without spinning does not look again; a wake-up that
     * saw that claim and gave up left the G on the global queue with every M asleep. An M that
     * goes idle looks at the global queue and puts its P on the idle list under this lock, so
     * either it sees {@code g} or this finds its P. Any thread. Go: injectglist's
     * {@code startIdle}, for a caller without a P.
     */
    void injectWithoutP(G g) {
        P idle;
        synchronized (lock) {
            globalRunq.put(g);
            idle = ps.pidleget();
        }
        if (idle != null) {
            ms.startIdle(idle);
        } else {
            sysmon.nudge(); // every P is busy, maybe held by an M blocked in the JDK
        }
    }

    // ------------------------------------------------------------------ who is running

    /** The M of the calling thread, or null for a thread that is not one. Go: getg().m. */
    static M currentM() {
        Thread t = Thread.currentThread();
        if (t instanceof CarrierThread) {
            M m = ((CarrierThread) t).m;
            if (m != null) {
                return m;
            }
        }
        return GoRun.threadM();
    }

    /** The P held by the calling thread's M, or null: the P whose run queue this thread owns. */
    static P currentP() {
        M m = currentM();
        return m == null ? null : m.p;
    }

    /** The goroutine running on the calling thread, or null. Go: getg() when it is not g0. */
    static G currentG() {
        Continuation c = Continuation.current();
        return c instanceof G ? (G) c : null;
    }

    // ------------------------------------------------------------------ the loop

    /** A carrier's life: take the P it was started with, then loop. Go: mstart → mstart1 → schedule. */
    void mstart(M m) {
        P p = m.nextp;
        m.nextp = null;
        ps.acquirep(m, p);
        Ms.holdMountedHint(m, true);
        schedule(m);
    }

    /**
     * One M's scheduler loop: find a G, run it, do what it asked, again. Returns only for the M
     * of a Go.run call, once its main goroutine is done. Owner M only. Keeps: an M never runs a
     * G on a DEAD P, and never stops while counted as spinning.
     * Go: schedule (looping instead of calling itself).
     */
    void schedule(M m) {
        schedule(m, null);
    }

    /**
     * The scheduler loop, running {@code first} (a Go.run call's main, RUNNABLE and in no run
     * queue) before anything else, so that it starts on its caller's thread. Owner M only.
     *
     * <p>The loop runs in batches of {@link #SCHEDULE_BATCH} rounds ({@link #scheduleBatch}), each
     * in a frame of its own, reached through {@link #scheduleBatchHandle}, a method handle the JIT
     * does not see through. An M's loop lives as long as the M, and a frame that never returns is
     * only ever compiled on stack (OSR). When another M takes an uncommon trap in that code,
     * HotSpot makes it not entrant for everyone, yet every other M stays in it; and a call site
     * in code that is not entrant is never repaired: once {@link #execute}'s or
     * {@link #findRunnable}'s code is replaced, such a frame calls them through the interpreter
     * for the rest of its life (SharedRuntime::fixup_callers_callsite returns when the caller is
     * not in use). Skynet on JDK 25 showed it: one process in a few ran its Go.run thread's
     * scheduler interpreted from its warm-up to its end, a third slower or worse. A batch's
     * frame lives for at most a batch, and this loop, the only frame that lives long, calls
     * through the handle, which finds the batch's current code at every call.
     */
    void schedule(M m, G first) {
        try {
            for (G g = first; (boolean) scheduleBatchHandle.invokeExact(m, g); g = null) {
                // the next batch, in a new frame
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("scheduleBatch threw a checked exception", t); // it declares none
        }
    }

    /**
     * Rounds of the scheduler loop in one frame of {@link #scheduleBatch}: enough that the call
     * through the handle is lost in them, few enough that code made stale under a batch (see
     * {@link #schedule}) is left within a fraction of a millisecond of goroutine switches.
     */
    static final int SCHEDULE_BATCH = 256;

    /**
     * Up to {@link #SCHEDULE_BATCH} rounds of the scheduler loop, running {@code first} first
     * when not null. Returns whether the loop goes on (false: the M leaves it, its Go.run call
     * being over). Owner M only; called only through {@link #scheduleBatchHandle}.
     */
    private boolean scheduleBatch(M m, G first) {
        for (int round = 0; round < SCHEDULE_BATCH; round++) {
            if (m.main != null && m.main.done) {
                return false;
            }
            if (m.p != null && m.p.status == P.DEAD) {
                if (first != null) {
                    m.p.runq.put(first, false, this); // drained with the P: another M runs it
                    first = null;
                }
                // procresize shrank: give the dead P back to be drained, and stop (leaveP stops
                // counting a spinner first, and wakes another for the work it was started for)
                ms.leaveP(m);
                ms.stopm(m);
                continue;
            }
            G g = first;
            first = null;
            if (g == null && (g = findRunnable(m)) == null) {
                return false;
            }
            if (m.spinning) {
                ms.resetSpinning(m);
            }
            execute(m, g, m.inheritTime);
            if (pinning.waitingForP() && pinning.yieldP(m)) {
                ms.stopm(m);
            }
        }
        return true;
    }

    /**
     * Finds a runnable G for {@code m}, blocking (stopm) when there is none. Returns null when
     * the M should leave the loop (its Go.run call is over). Owner M only. Keeps: an M that gives
     * up its P stops spinning before its last look at the run queues (no lost wake-up).
     * Go: findRunnable, in Go's order.
     */
    private G findRunnable(M m) {
        for (;;) {
            if (m.main != null && m.main.done) {
                return null;
            }
            P p = m.p;
            if (p == null) {
                ms.stopm(m);
                continue;
            }
            m.inheritTime = false;
            // the clock only when a timer is armed or someone waits on the network, as Go's
            // checkTimers returns at once without timers: a switch need not read it
            boolean clocked = timers.pending() || netpoll.waiting();
            long now = clocked ? System.nanoTime() : 0;
            if (clocked) {
                timers.runTimers(p, now); // Go: checkTimers at the top of findRunnable
                netpoll.pollIfStale(now); // Go: sysmon's netpoll when nobody polled for 10 ms
            }
            // every 61st tick, be fair to the global queue
            if (p.schedtick % 61 == 0 && globalRunq.size() > 0) {
                G g;
                synchronized (lock) {
                    g = globalRunq.get(p, 1, ps.gomaxprocs(), this);
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
                    g = globalRunq.get(p, 0, ps.gomaxprocs(), this);
                }
                if (g != null) {
                    return g;
                }
            }
            // Go: netpoll(0) before stealing; what it readied is in this P's queue now
            if (netpoll.pollNonBlocking()) {
                continue;
            }
            // due timers of other Ps, idle ones included (Go runs them in stealWork's last pass)
            if (clocked && timers.runTimersElsewhere(p, now)) {
                continue;
            }
            // steal, if this M is spinning or few are (this condition and handoffp's must agree)
            if (spinning.mayStart(m, ps.gomaxprocs(), ps.idleCount())) {
                spinning.start(m);
                g = stealWork(m, p);
                if (g != null) {
                    return g;
                }
                if (lingers(m)) {
                    continue;
                }
            }
            // nothing: give up the P
            synchronized (lock) {
                if (m.main != null && m.main.done) {
                    return null;
                }
                if (globalRunq.size() != 0) {
                    g = globalRunq.get(p, 0, ps.gomaxprocs(), this);
                    if (g != null) {
                        return g;
                    }
                }
                ps.releasep(m);
                ps.pidleput(p);
            }
            // the delicate dance: stop spinning first, then look once more, so that work
            // submitted by a waker that saw this M spinning is not lost
            if (spinning.stop(m) && anyRunQueueNonEmpty()) {
                P again;
                synchronized (lock) {
                    again = ps.pidleget();
                }
                if (again != null) {
                    ps.acquirep(m, again);
                    spinning.start(m);
                    continue;
                }
            }
            if (netpoll.block(m)) { // Go: the blocking netpoll until the next timer
                continue;
            }
            ms.stopm(m);
        }
    }

    /**
     * Whether {@code m}, spinning, found nothing to steal but keeps its P and spins on, napping
     * between looks, rather than stopping: for up to {@link #LINGER_NANOS} after a runnext
     * back-off found a pair of goroutines talking on another P, while some other P runs. Such a
     * pair readies a goroutine into its P's runnext at every exchange, and each ready calls
     * wakep: with no M spinning, every one would wake a parked M through the kernel, which found
     * nothing to do (a pair keeps to its P, {@link #stealRunnext}) and parked again. On 2 CPUs
     * that cycle cost a ping-pong about a fifth of its time (2026-12-05, JDK 25: 295 ns a round
     * trip against 241 with wakep disabled, 17,000 to 22,000 wakes in 6 million round trips);
     * lingering 5 ms cut the wakes to 500 to 800 and the round trip to a median of 269 ns
     * against 325 in eight alternating processes each (a noisy hour), a buffered channel's
     * value from 33.9 to 30.3 ns. An M that lingers counts as
     * spinning, so the pair's wakeps find it and wake no one; between its looks it sleeps
     * ({@link #RUNNEXT_BACKOFF_NANOS}, stretched by the kernel's timer slack). Go's spinning M
     * does the same in effect: it loops through {@code usleep(3)} and its last look at the run
     * queues for as long as it sees the pair's runnext. A linger lasts one spinning stretch at
     * most: {@link Spinning#stop} ends it, however the M stops spinning (it found work, or gave
     * up its P). Owner M, holding a P, spinning.
     */
    private boolean lingers(M m) {
        boolean napped = m.napped;
        m.napped = false;
        if (m.sawPair) {
            m.sawPair = false;
            if (m.lingerSince == 0) {
                m.lingerSince = System.nanoTime();
            }
        }
        if (m.lingerSince == 0) {
            return false;
        }
        if (System.nanoTime() - m.lingerSince >= LINGER_NANOS || ps.idleCount() + 1 >= ps.gomaxprocs()
                || m.p.status == P.DEAD) {
            m.lingerSince = 0; // long enough, no other P runs (the pair is gone), or procresize wants the P
            return false;
        }
        if (!napped && RUNNEXT_BACKOFF_NANOS > 0) {
            Interrupts.keep(m, Interrupts.parkNanos(this, RUNNEXT_BACKOFF_NANOS));
        }
        return true;
    }

    /** How long a spinning M lingers beside a talking pair ({@link #lingers}). */
    static final long LINGER_NANOS = Long.getLong("gpm4j.lingerus", 5_000) * 1_000;

    /** Whether the global queue or any live P's queue holds a G (racy). Go: checkRunqsNoP. */
    private boolean anyRunQueueNonEmpty() {
        return globalRunq.size() != 0 || ps.anyLocalWork();
    }

    /**
     * Steals from other Ps: four passes over all Ps in a random order, taking half of a
     * victim's queue; the last pass may take its runnext. Owner of {@code p}. Go: stealWork.
     */
    private G stealWork(M m, P p) {
        P[] all = ps.allp();
        int n = all.length;
        int[] strides = ps.coprimes();
        if (n <= 1 || strides.length == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int pass = 0; pass < 4; pass++) {
            boolean stealRunnext = pass == 3;
            int pos = random.nextInt(n);
            int stride = strides[random.nextInt(strides.length)];
            for (int i = 0; i < n; i++, pos = (pos + stride) % n) {
                P victim = all[pos];
                if (victim == p || victim.status != P.RUNNING) {
                    continue;
                }
                G g = victim.runq.stealInto(p.runq);
                if (g == null && stealRunnext) {
                    g = stealRunnext(m, p, victim);
                }
                if (g != null) {
                    steals.incrementAndGet();
                    JfrEvents.stole(m, p, victim, p.runq.lastStolen, g);
                    return g;
                }
            }
        }
        return null;
    }

    /**
     * Takes {@code victim}'s runnext when its ring is empty, after a pause, and only if the
     * victim has not switched goroutines meanwhile. The G a running goroutine has just readied is
     * most often about to run there, the goroutine itself being about to block (a channel's
     * ping-pong); taking it would move one of the pair to another P, and every later exchange
     * would cross threads. So the thief sleeps first, still counted as spinning, so that the
     * pair's {@code wakep}s find a spinner and wake no one. Go sleeps {@code usleep(3)} (tens of
     * µs with the kernel's timer slack, as {@code parkNanos} does) and then takes the runnext if
     * it holds the same G — which, in a ping-pong, it often does again after thousands of round
     * trips: the check of {@link P#switchtick} instead takes it only from a P whose goroutine has
     * kept running all that time (any switch would have run or replaced that runnext).
     * Owner of {@code p}. Go: runqgrab's runnext branch.
     */
    private G stealRunnext(M m, P p, P victim) {
        G next = victim.runq.runnextAlone();
        if (next == null) {
            return null;
        }
        int switchtick = victim.switchtick;
        if (RUNNEXT_BACKOFF_NANOS > 0) {
            m.napped = true;
            Interrupts.keep(m, Interrupts.parkNanos(this, RUNNEXT_BACKOFF_NANOS));
            if (victim.switchtick != switchtick || victim.status != P.RUNNING) {
                // it ran its runnext, or stopped: either way it is not stuck
                m.sawPair = victim.status == P.RUNNING && victim.runq.runnextAlone() != null;
                return null;
            }
        }
        return victim.runq.stealRunnext(p.runq, next);
    }

    /** Go: usleep(3), "a sync chan send/recv takes ~50ns, so 3us gives ~50x overshoot". */
    static final long RUNNEXT_BACKOFF_NANOS = Long.getLong("gpm4j.runnextbackoff", 3_000);

    /**
     * Runs {@code g} on this thread until it suspends or ends, then does what it asked. Owner M,
     * holding a P. A fatal error inside the G never arrives here ({@link Fatal} halts the JVM on
     * the spot); anything else that ends the G is its panic. Go: execute + gogo, and the mcall
     * functions on return.
     */
    private void execute(M m, G g, boolean inherit) {
        for (;;) {
            P p = m.p;
            m.curg = g;
            g.setM(m);
            g.casOwned(G.RUNNABLE, G.RUNNING);
            if (!inherit) {
                p.schedtick++;
            }
            p.switchtick++;
            g.clearPreempt(); // a request for an earlier run of g is stale
            JfrEvents.GoroutineRun run = JfrEvents.starting(g, m, p);
            boolean finished;
            Throwable failure = null;
            Interrupts.giveBack(m); // an interrupt a scheduler wait took is the goroutine code's
            HandOff.enter(m, p); // from here sysmon may retake p (Go: entersyscall)
            try {
                finished = g.runOn(m);
            } catch (Goexit e) {
                finished = true;
            } catch (Throwable t) {
                finished = true;
                failure = t;
            }
            // g's code may have re-acquired another P, or lost its P for good
            p = m.p;
            m.curg = null;
            if (p == null || !HandOff.exit(m, p)) {
                ps.reacquire(m, p); // Go: exitsyscall; without a P, this M stops after g's request
            }
            int request = m.mcall;
            if (request == M.MCALL_PREEMPT) {
                JfrEvents.preempted(g, m, m.p);
            }
            if (run != null) {
                JfrEvents.stopped(run, g, m, m.p, finished ? "ended" : request == M.MCALL_PARK ? "parked"
                        : request == M.MCALL_PREEMPT ? "preempted" : "yielded");
            }
            if (finished) {
                goexit0(m, g, failure);
                return;
            }
            m.mcall = M.MCALL_NONE;
            if (request == M.MCALL_PARK) {
                if (parkM(m, g)) {
                    if (m.p == null) {
                        // This M lost its P while g ran and stops now without looking for work,
                        // so it never becomes the poller. If g just began to wait on the network,
                        // the last M with a P may have checked for waiters before g counted, found
                        // none and stopped too: every M stopped, a socket ready, nobody polling.
                        netpoll.ensurePollerIfWaiting();
                    }
                    return;
                }
                if (m.p != null) {
                    inherit = true; // the park was cancelled: run g again at once
                    continue;
                }
                // cancelled, but this M has no P to run g on: g (RUNNABLE already) goes to the
                // global queue, for another M
                g.setM(null);
                JfrEvents.runnable(g);
                injectWithoutP(g);
                return;
            }
            // gosched, a preemption (Go: gopreempt_m), or a direct Continuation.suspend() in a
            // goroutine: yield to the global queue
            g.casOwned(G.RUNNING, G.RUNNABLE);
            g.setM(null);
            JfrEvents.runnable(g);
            if (m.p == null) {
                injectWithoutP(g); // this M has no P and stops: another must run g
            } else {
                synchronized (lock) {
                    globalRunq.put(g);
                }
            }
            return;
        }
    }

    /**
     * On g0, after the G's frames are saved: mark it waiting, then run its unlock function; if
     * that returns false the park is cancelled. Returns whether the G stays parked. Owner M.
     * Go: park_m.
     */
    private boolean parkM(M m, G g) {
        g.cas(G.RUNNING, G.WAITING);
        g.setM(null);
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

    /**
     * On g0, after the G ended: free it (its body dropped), report a failure, end a Go.run call.
     * Whether the G was a Go.run call's main goroutine it learns from the G's own state
     * ({@link G#takeMainCall}), touching nothing another thread writes: a scan of the Go.run
     * threads' Ms read a field of the M whose thread (an M itself, running goroutines) writes
     * beside it at every switch, at every goroutine's end, from the other CPU too; on skynet with
     * 2 Ps that scan had from 0.1 % to 9.4 % of the carriers' CPU samples from process to process
     * (not the cause of the processes' spread, which stayed: bench/README.md, "Skynet's spread").
     * Owner M, with a P or (its P retaken) without. Go: goexit0.
     */
    private void goexit0(M m, G g, Throwable failure) {
        g.cas(G.RUNNING, G.DEAD);
        g.setM(null);
        g.setWaitReason((byte) 0);
        MainCall main = g.takeMainCall();
        if (main != null) {
            main.g = null; // a later life of this G is no main goroutine
            if (main.done) {
                main = null; // ended by the deadlock check (CheckDead): its caller has gone
            }
        }
        long goid = g.goid;
        g.reset(G.NOT_STARTED); // drop the body: it may hold user objects
        GoroutineLocals.clear(g); // and its ThreadLocal values: the next life starts empty
        P p = m.p; // null when sysmon retook it and none was idle
        JfrEvents.ended(goid, failure != null, m, p);
        if (p != null) {
            p.countExited();
        } else {
            gs.countEndedWithoutP();
        }
        freeGs.put(p, g);
        if (main != null) {
            main.failure = failure;
            goRun.finish(main);
        } else if (failure != null) {
            Panics.uncaught(goid, failure);
        }
    }

    /**
     * Readies a parked goroutine: puts it in the current P's runnext and wakes an M, or, from a
     * thread without a P, on the global queue with an M started for an idle P
     * ({@link #injectWithoutP}). A pinned goroutine's thread is unblocked instead. Any thread.
     *
     * <p>As in Go, only {@link Ms#wakep}: no nudge of a napping sysmon when every P is busy, as a
     * spawn gives ({@link Ms#wakepForQueued}). The readied goroutine takes the readier's slice in
     * runnext and runs when the readier parks, which a channel hand-off or an unlock-then-wait
     * does next; on g0 (a timer, the network poller) the M schedules next anyway. Should the
     * readier block in the JDK instead, sysmon's retake hands the P off at its next look, at most
     * a nap ({@link Sysmon#IDLE_LIGHT_SLEEP_NS}) away: the bound of Go's own back-off. A nudge
     * here woke sysmon at every hand-off of a program on one P that wakes briefly and often, and
     * doubled its context switches: two goroutines passing a value after a 1 ms sleep, pinned to
     * one CPU, switched 2,890 times a second with it and 1,090 without (Go: 1,106), and used
     * 5.0-5.8 % of the CPU against 4.3-4.8 %.
     * Go: goready / ready.
     */
    void ready(G g) {
        // Read pinnedThread before the CAS: once the G is RUNNABLE its pinned thread may wake
        // (a spurious wake-up or a stale permit), clear the field and run on; read after, it
        // would be null and the running G would also be queued, to run twice.
        Thread pinned = g.pinnedThread();
        g.cas(G.WAITING, G.RUNNABLE);
        if (pinned != null) {
            LockSupport.unpark(pinned);
            return;
        }
        JfrEvents.runnable(g);
        M m = currentM();
        P p = m == null ? null : HandOff.acquireP(m);
        if (p != null) {
            p.runq.put(g, true, this);
            HandOff.releaseP(m, p);
            ms.wakep();
        } else {
            injectWithoutP(g);
        }
    }

    // ------------------------------------------------------------------ requests from goroutines

    /**
     * Prepares the calling goroutine to park: the caller must then call
     * {@code Continuation.suspend()} (from rewritten code). Returns false on a thread that runs
     * no goroutine (the caller then blocks the thread: {@link #parkThread}).
     * Go: gopark, before its mcall.
     */
    boolean prepareParkGoroutine(ParkUnlock unlock, Object lockObject, WaitReason reason) {
        G g = currentG();
        if (g == null) {
            return false;
        }
        M m = g.m;
        m.mcall = M.MCALL_PARK;
        m.waitUnlock = unlock;
        m.waitLock = lockObject;
        g.setWaitReason(reason.code);
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
        String waitReason = g.waitReason();
        pinning.block(g);
        if (event != null) {
            JfrEvents.unpinned(event, g, m, reason, frame, waitReason);
        }
    }

    /**
     * Blocks a plain thread (one running no goroutine) until {@code waiter} is readied. Runs
     * {@code unlock} after the thread is marked waiting, as a goroutine's park does. While it is
     * blocked, {@link CheckDead} counts it as able to ready goroutines.
     */
    void parkThread(ThreadWaiter waiter, ParkUnlock unlock, Object lockObject, String reason) {
        waiter.reason = reason;
        waiter.state = ThreadWaiter.WAITING;
        checkdead.threadBlocked();
        try {
            if (unlock != null && !unlock.unlock(waiter, lockObject)) {
                waiter.state = ThreadWaiter.RUNNING;
                return;
            }
            boolean interrupted = false;
            while (waiter.state != ThreadWaiter.RUNNING) {
                interrupted |= Interrupts.park(waiter); // not interruptible: kept for after
            }
            Interrupts.restore(interrupted);
        } finally {
            checkdead.threadUnblocked();
        }
    }
}
