package io.gpm4j.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * The system monitor: one daemon thread without a P that watches the Ps and keeps the scheduler
 * moving when goroutines do not let go of their Ps.
 *
 * <p>Every tick it looks at each running P ({@link #retake}):
 * <ul>
 *   <li>a goroutine that has held the P's time slice for {@value #FORCE_PREEMPT_MS} ms is asked to
 *       yield ({@link Preemption#request}); it does at its next preemption point (a loop
 *       back-edge or suspendable call of rewritten code);</li>
 *   <li>an M that has not come back to the scheduler since the last tick, and is <em>stuck</em>,
 *       loses its P to another M ({@link HandOff}, then {@link Ms#handoffp}), as a Go thread in a
 *       system call does. Stuck means blocked in the JDK (its thread is BLOCKED, WAITING or
 *       TIMED_WAITING: a {@code java.util.concurrent} queue, {@code Object.wait}, a monitor) or
 *       blocked outside Java (its thread is RUNNABLE to the JVM but asleep in the kernel,
 *       {@link NativeThreads}: socket or file I/O), at every look for
 *       {@value #BLOCKED_GRACE_US} µs (a short wait for a contended lock is no system call); or deaf to the preemption
 *       request for {@value #DEAF_GRACE_US} µs of its thread's CPU time (a loop without preemption
 *       points), counted from when the loops' back-edge points could hear it
 *       ({@link BackEdges#audibleSince}: a request arms them), or for 10 ms however little CPU
 *       the machine gave it (a blocking call where the kernel's view is not available). As in Go, a P with nothing in
 *       its run queue is left alone for {@value #FORCE_PREEMPT_MS} ms while other Ps are idle or
 *       spinning, since they can take any new work. The goroutine of a retaken P is asked to
 *       yield, so that it gives up its carrier at its next preemption point once it is back from
 *       the JDK: until then it runs without a P, as Go code in a system call does.</li>
 * </ul>
 *
 * <p>It also polls the network when no M has for 10 ms (every M busy running goroutines), so that
 * goroutines waiting on sockets are not starved ({@link Netpoll#pollIfStale}).
 *
 * <p>At every tick it notices whether a garbage collection has run ({@link GcEpoch#poll}), after
 * which the Gs kept for reuse are stale ({@link FreeGs}).
 *
 * <p>It publishes the live counters ({@link LiveCounters}) once a period on its ticks, and once
 * when it goes to sleep because every P is idle; asleep, it publishes again only while that
 * sample was unsettled (goroutines running or pinned without a P, Ms in hand-off), at doubling
 * intervals up to {@link #IDLE_RECHECK_MAX_NS}.
 *
 * <p>It sleeps 20 µs between ticks (its thread's timer slack cut to {@link #TIMER_SLACK_NS}, so
 * that the kernel does not stretch them to 80), doubling up to 10 ms once 50 ticks in a row found
 * nothing to retake, except that the tick after one that saw an M blocked within its grace period
 * is a short one again ({@link #watching}). When it finds every P idle it naps
 * ({@link #IDLE_LIGHT_SLEEP_NS}, 10 ms), and naps again for as long as every P is idle at each
 * look, however often goroutines ran in between; only after a nap with no goroutine switched at
 * all does it sleep until a P leaves the idle list ({@link #wakeLocked}). So an idle runtime uses
 * no CPU, and one that wakes briefly every millisecond does not wake sysmon each time. A
 * goroutine queued while no P is idle and no M spins, which may wait behind an M blocked in the
 * JDK, ends a nap at once ({@link #nudge}). Go's sysmon, asleep, is woken when a goroutine enters
 * a system call; gpm4j cannot see that, and a goroutine queued behind busy Ps is the moment a
 * hand-off can matter.
 *
 * <p>Go: sysmon, retake, preemptone (runtime/proc.go), with forcePreemptNS = 10 ms.
 */
final class Sysmon implements Runnable {
    /** A time slice: a goroutine that holds its P longer is asked to yield. Go: forcePreemptNS. */
    static final long FORCE_PREEMPT_MS = 10;
    private static final long FORCE_PREEMPT_NS = FORCE_PREEMPT_MS * 1_000_000L;
    /**
     * How long sysmon must have seen an M's thread blocked (in the JDK, or asleep in the kernel)
     * at every look before it counts as stuck. Go retakes the P of a thread found in the same
     * system call at two ticks in a row; gpm4j cannot tell one blocking call from the next, so a
     * thread that waits briefly for a contended lock again and again may look stuck, and retaking
     * its P only starts a needless M. 50 µs is less than one tick as the kernel delivers it (a
     * 20 µs park woke after about 80 µs with the kernel's default timer slack), so this asked for
     * two looks in a row, as Go does; with sysmon's slack cut ({@link #TIMER_SLACK_NS}) a look
     * comes every 25-45 µs and it takes two or three. Measured on 2 CPUs at a load of about 10
     * (issue 11), before the slack was cut: the hand-off (bench handoff) took a median of about
     * 150 µs against 700 µs with 500 µs of grace (Go: 75 µs);
     * eight goroutines contending one {@code ReentrantLock} or monitor for ~50 ns critical
     * sections saw 20 to 200 hand-offs a second against up to 20 (a woken thread that waits for
     * a CPU still looks parked), five Ms more (idle, reused), sysmon's own CPU up from about
     * 1.5% to 8% of a core (every hand-off restarts its short ticks, as in Go), and no loss of
     * throughput above the noise.
     */
    static final long BLOCKED_GRACE_US = 50;
    /**
     * How long a goroutine asked to yield may run on without reaching a preemption point before
     * its P is retaken (its loop is in a method the agent does not rewrite, or it computes in the
     * JDK): it then goes on without a P, as Go code in a system call does, and yields at its next
     * point. Go preempts such a loop at once with a signal; a hand-off is gpm4j's nearest
     * equivalent, and a goroutine that answers at all answers within microseconds. Until
     * 2026-12-05 the rule was twice the time slice since the goroutine's run began, which let
     * such a loop hold its P about 24 ms (bench {@code preempt}: 1.40x Go's latency).
     */
    static final long DEAF_GRACE_US = 1_000;
    private static final long DEAF_GRACE_NS = DEAF_GRACE_US * 1_000;
    /**
     * How long a goroutine asked to yield counts as deaf, once audible, however little CPU its
     * thread was given meanwhile (see {@link #deaf}): a thread the machine keeps from a CPU that
     * long, or a blocking call that neither the JVM nor the kernel shows as one (no
     * {@code /proc}), loses its P all the same.
     */
    private static final long DEAF_LIMIT_NS = 10_000_000;
    private static final long BLOCKED_GRACE_NS = BLOCKED_GRACE_US * 1_000;
    private static final long MIN_DELAY_NS = 20_000;
    /**
     * Asleep after an unsettled idle sample ({@link LiveCounters#unsettled}), sysmon looks again
     * after this, doubling, up to {@link #IDLE_RECHECK_MAX_NS}. Constants here, not in
     * {@link LiveCounters}: reading that class's statics would load it, and with it Agrona, which
     * need not be on the class path.
     */
    static final long IDLE_RECHECK_MIN_NS = 250_000_000L;
    static final long IDLE_RECHECK_MAX_NS = 5_000_000_000L;
    private static final long MAX_DELAY_NS = 10_000_000;
    /**
     * Sysmon's nap once it finds every P idle ({@link #napWhileIdle}), before the sleep that a P
     * leaving the idle list ends ({@link #wakeLocked}). Woken at every such moment, sysmon cost
     * the waking M a futex wake and itself two switches (the wake and its 20 µs look): two
     * goroutines that hand a value on after a 1 ms {@code Time.sleep} woke it about 900 times a
     * second and the process used 7.4-10.1 % of a core; napping, it switches in about 200 times a
     * second and the process uses 4.7-8.2 % (JDK 25, a noisy 2-CPU VM; Go: 4.5-6.3 % for the same
     * program). The price: a goroutine that blocks in the JDK, or loops, within a nap waits up to
     * its end for a hand-off or for its time slice to be counted, unless a goroutine queued behind
     * it ends the nap ({@link #nudge}): the bound Go's own back-off (up to
     * {@value #MAX_DELAY_NS} ns between looks) gives.
     */
    static final long IDLE_LIGHT_SLEEP_NS = MAX_DELAY_NS;
    /**
     * Sysmon's own timer slack, set as it starts ({@link NativeThreads#setTimerSlack}; 0 leaves the
     * default). Linux ends a timed sleep up to the slack late, 50 µs by default, so sysmon's 20 µs
     * park took about 80 µs and each look at a stuck M came that much later. Go's sysmon pays the
     * same slack on its {@code usleep(20)}; the hand-off bench measured the difference here (JDK
     * 25, 2 CPUs, three alternating pairs): a goroutine blocked in a queue's {@code take} handed
     * its P over after a median of 116-141 µs with 1 µs of slack against 172-186 µs with the
     * default, one blocked in a socket read 160-163 against 284-286. Sysmon's CPU did not move
     * measurably (eight goroutines each blocking 200 µs in a JDK call again and again: 7 ms of
     * CPU in 3 s either way, 35,500 calls a second against 28,700). Only sysmon's thread: the
     * slack of timers and of every other thread is left alone. {@code -Dgpm4j.sysmonslack=NANOS}.
     */
    static final long TIMER_SLACK_NS = Long.getLong("gpm4j.sysmonslack", 1_000);

    /** What sysmon last saw of a P. Sysmon only. Go: sysmontick. */
    static final class Tick {
        /** {@link P#schedtick} last seen, and when it was first seen. */
        int schedtick;
        long schedwhen;
        /** {@link P#switchtick} last seen, and when it was first seen. Go: syscalltick, syscallwhen. */
        int switchtick;
        long switchwhen;
        /** When sysmon first saw the owner thread blocked in this stretch, at every look since; 0: not blocked at the last look. */
        long blockedSince;
        /** When sysmon asked this stretch's goroutine to yield; 0: not asked. */
        long askedSince;
        /**
         * The CPU time of the M's thread ({@link CpuClock}) when the request could first be heard,
         * read at each look until then; -1: unknown. Meaningful while {@link #askedSince} is not 0.
         */
        long audibleCpu;
        /** When {@link #audibleCpu} was read; 0: not yet in this stretch. */
        long audibleCpuAt;
        /** The CPU time the goroutine must still use, at the last look, before it counts as deaf. */
        long deafInCpu;

        /** Records that this stretch's goroutine was asked to yield at {@code when} (0: not asked). */
        void ask(long when) {
            askedSince = when;
            audibleCpuAt = 0;
            deafInCpu = DEAF_GRACE_NS;
        }
    }

    private final Sched sched;
    /** Looked at every tick: a collection makes the free Gs stale. */
    private final GcEpoch epochs;
    /**
     * Whether the last {@link #retake} saw an M blocked and waiting out its grace period: the
     * next look then comes after the shortest delay, whatever the back-off, so that a hand-off
     * after a quiet stretch waits one long delay, not three (two for a thread asleep in native
     * code). Sysmon only.
     */
    private boolean watching;
    /**
     * Nanoseconds until the earliest moment the last {@link #retake} will find an asked goroutine
     * deaf ({@link #DEAF_GRACE_US}); {@code Long.MAX_VALUE}: none asked. The next look comes no
     * later, whatever the back-off. Sysmon only.
     */
    private long deafIn = Long.MAX_VALUE;
    /** The sysmon thread once started. */
    private volatile Thread thread;
    /** How many times a P leaving the idle list woke sysmon from its deep sleep. Guarded by the sched lock. */
    private long wakes;
    /** How many times {@link #nudge} ended a light sleep so far (tests). Racy increments: a count, not a guard. */
    private volatile long nudges;
    /** Whether sysmon is in its light sleep, which {@link #nudge} ends. */
    private volatile boolean napping;
    /** Whether sysmon sleeps until a P leaves the idle list. Guarded by the sched lock. Go: sched.sysmonwait. */
    private volatile boolean sleeping;
    /** For reading /proc. Sysmon only. */
    private final byte[] procBuffer = new byte[512];

    Sysmon(Sched sched) {
        this.sched = sched;
        this.epochs = sched.gcEpoch();
    }

    /** Starts the sysmon thread. Called once, by the scheduler's boot. Go: newm(sysmon, nil). */
    void start() {
        Thread t = RuntimeThreads.daemon(this, "gpm4j-sysmon");
        thread = t;
        t.start();
    }

    /**
     * Ends sysmon's light sleep ({@link #IDLE_LIGHT_SLEEP_NS}), if it is in one: a goroutine was
     * started, or queued from a thread without a P, while no P was idle, so a busy P's M may hold
     * it, blocked in the JDK, while the work waits. One read of a volatile field when sysmon is
     * not napping. Any thread. Go: the {@code sysmonwait} wake of {@code entersyscall}, at the
     * moment it matters here.
     */
    void nudge() {
        if (napping) {
            napping = false;
            nudges++;
            poke();
        }
    }

    /** How many times a nudge ended a light sleep so far (tests). Any thread. */
    long nudges() {
        return nudges;
    }

    /**
     * Makes sysmon look at the Ps now, whatever its back-off or nap (its deep sleep parks again
     * unless {@link #wakeLocked} ended it): chaos mode's stalls ({@link Chaos}) want their hand-off
     * seen within the stall; {@link #nudge} and {@link #wakeLocked} wake it through this. Any thread.
     */
    void poke() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Wakes sysmon if it sleeps because every P was idle. Caller holds the sched lock. */
    void wakeLocked() {
        assert Thread.holdsLock(sched.lock);
        if (sleeping) {
            sleeping = false;
            wakes++;
            poke();
        }
    }

    /** How many times a P leaving the idle list woke sysmon so far (tests). Caller holds the sched lock. */
    long wakesLocked() {
        assert Thread.holdsLock(sched.lock);
        return wakes;
    }

    /** Go: sysmon's loop. */
    @Override
    public void run() {
        if (TIMER_SLACK_NS > 0) {
            NativeThreads.setTimerSlack(TIMER_SLACK_NS);
        }
        sched.startLiveCounters();
        Ps ps = sched.ps();
        int idle = 0;
        long delay = MIN_DELAY_NS;
        for (;;) {
            if (idle == 0) {
                delay = MIN_DELAY_NS;
            } else if (idle > 50) {
                delay = Math.min(delay * 2, MAX_DELAY_NS);
            }
            long sleep = watching ? MIN_DELAY_NS : Math.min(delay, Math.max(deafIn, MIN_DELAY_NS));
            Interrupts.parkNanos(this, sleep); // sysmon's own: an interrupt means nothing
            epochs.poll();
            LiveCounters counters = sched.liveCounters();
            if (ps.idleCount() == ps.gomaxprocs()) {
                if (!napWhileIdle(ps, counters)) {
                    idle = 0; // a P has run unwatched for up to a light sleep: short looks again
                    continue;
                }
                synchronized (sched.lock) {
                    if (ps.idleCount() == ps.gomaxprocs()) {
                        sleeping = true;
                    }
                }
                if (counters != null && sleeping) {
                    // the file shows the idle state while sysmon sleeps; sampled after sleeping is
                    // set, so a change it misses that takes a P off the idle list wakes sysmon
                    // (wakeLocked) to publish again
                    counters.publishIdle(System.nanoTime());
                }
                long recheck = IDLE_RECHECK_MIN_NS;
                while (sleeping) {
                    if (counters != null && counters.unsettled()) {
                        // a goroutine was still on its way without a P (handed off, pinned), and
                        // its end takes no P off the idle list: look again, less and less often
                        Interrupts.parkNanos(this, recheck);
                        if (sleeping) {
                            counters.publishIdle(System.nanoTime());
                            recheck = Math.min(recheck * 2, IDLE_RECHECK_MAX_NS);
                        }
                    } else {
                        Interrupts.park(this);
                    }
                }
                idle = 0;
                continue;
            }
            long now = System.nanoTime();
            // Go: poll the network if nobody has for 10 ms (every M busy with goroutines)
            sched.netpoll().pollIfStale(now);
            if (counters != null) {
                counters.maybePublish(now);
            }
            if (retake(now) != 0) {
                idle = 0;
            } else {
                idle++;
            }
            BackEdges.quiet(now);
        }
    }

    /**
     * Light sleeps ({@link #IDLE_LIGHT_SLEEP_NS}), which no P leaving the idle list cuts short,
     * for as long as every P is idle at each look, however often goroutines ran in between: a
     * program that wakes for a moment every millisecond (a ticker, a timer loop) would otherwise
     * wake sysmon each time, and its short look after. Returns true once a whole light sleep
     * passed without a goroutine switch (time for the deep sleep), false when a P is busy at a
     * look. Publishes the live counters on the way, once a period, as the ticks do.
     */
    private boolean napWhileIdle(Ps ps, LiveCounters counters) {
        for (;;) {
            long switches = switches(ps);
            napping = true;
            // a second look once napping is set (both volatile): work queued on a P that left the
            // idle list since the first either finds sysmon napping and nudges it, or was queued
            // before this look, which then sees that P busy
            if (ps.idleCount() == ps.gomaxprocs()) {
                Interrupts.parkNanos(this, IDLE_LIGHT_SLEEP_NS);
            }
            napping = false;
            if (ps.idleCount() != ps.gomaxprocs()) {
                return false;
            }
            if (switches(ps) == switches) {
                return true;
            }
            if (counters != null) {
                counters.maybePublish(System.nanoTime());
            }
        }
    }

    /** A sum that changes whenever any P switches goroutines (a racy read of each P's count). */
    private static long switches(Ps ps) {
        long sum = 0;
        for (P p : ps.allp()) {
            sum += p.switchtick;
        }
        return sum;
    }

    /**
     * Asks goroutines over their time slice to yield and retakes the Ps of stuck Ms; returns how
     * many Ps it retook. Sysmon only. Go: retake.
     */
    int retake(long now) {
        int n = 0;
        watching = false;
        deafIn = Long.MAX_VALUE;
        for (P p : sched.ps().allp()) {
            M m = p.m;
            if (p.status != P.RUNNING || m == null) {
                continue;
            }
            Tick t = p.sysmontick;
            int schedtick = p.schedtick;
            boolean asked = false;
            if (t.schedtick != schedtick) {
                t.schedtick = schedtick;
                t.schedwhen = now;
            } else if (now - t.schedwhen >= FORCE_PREEMPT_NS) {
                asked = preemptone(p, m, schedtick);
            }
            int switchtick = p.switchtick;
            if (t.switchtick != switchtick || p.userM != m) {
                t.switchtick = switchtick;
                t.switchwhen = now;
                t.ask(asked ? now : 0);
                lookAgainWhenDeaf(t, now);
                // the first look at this stretch counts when the thread is already parked in the
                // JDK (a field read), so a hand-off takes two looks as in Go, not three; the
                // kernel's view (a /proc read, tens of µs) waits for the next look, when the M
                // is still in the same goroutine's code
                t.blockedSince = p.userM == m && parkedInJdk(m) ? now : 0;
                watching |= t.blockedSince != 0;
                continue;
            }
            // the M has been in one goroutine's code since the last tick
            if (asked && t.askedSince == 0) {
                t.ask(now);
            }
            if (!stuck(m, t, now)) {
                watching |= t.blockedSince != 0;
                lookAgainWhenDeaf(t, now);
                continue;
            }
            if (p.runq.isEmpty() && sched.ms().spinning().count() + sched.ps().idleCount() > 0
                    && now - t.switchwhen < FORCE_PREEMPT_NS) {
                continue; // others can take new work meanwhile
            }
            if (HandOff.retake(p, m)) {
                n++;
                p.m = null;
                G g = m.curg;
                if (g != null) {
                    g.requestPreempt(); // back from the JDK, give up the carrier soon
                }
                JfrEvents.handedOff(m, p, m.curg, now - t.switchwhen);
                sched.ms().handoffp(p);
            }
        }
        return n;
    }

    /**
     * Brings sysmon's next look no later than the moment the goroutine of {@code t}'s stretch,
     * if it was asked to yield, has been deaf to the request for {@link #DEAF_GRACE_US}. Sysmon only.
     */
    private void lookAgainWhenDeaf(Tick t, long now) {
        if (t.askedSince != 0) {
            long wall = deafAt(t, now) - now;
            // past the wall-clock grace, the CPU it still needs takes at least as long
            deafIn = Math.min(deafIn, wall > 0 ? wall : t.deafInCpu);
        }
    }

    /**
     * When the goroutine of {@code t}'s stretch, asked to yield ({@code t.askedSince != 0}),
     * counts as deaf: {@link #DEAF_GRACE_US} after the request could first be heard
     * ({@link BackEdges#audibleSince}). Sysmon only.
     */
    private static long deafAt(Tick t, long now) {
        return BackEdges.audibleSince(t.askedSince, now) + DEAF_GRACE_NS;
    }

    /**
     * Asks the goroutine running on {@code p} to yield, unless a new time slice began while sysmon
     * looked ({@code schedtick} moved: the request would land on a goroutine that just started).
     * Whether the M is in the goroutine's own code or in the runtime on its behalf (a
     * {@code Go.go}, a ready: {@link HandOff#acquireP}) does not matter: a goroutine that spawns in
     * a loop spends most of its time in the second, and must yield all the same. A request that
     * lands as the goroutine leaves is dropped when it next starts ({@code clearPreempt}).
     * Returns whether it asked. Go: preemptone.
     */
    private static boolean preemptone(P p, M m, int schedtick) {
        G g = m.curg;
        if (g != null && p.schedtick == schedtick) {
            Preemption.request(g);
            return true;
        }
        return false;
    }

    /**
     * Whether {@code m}, in one goroutine's code since {@code t.switchwhen}, will not come back to
     * the scheduler soon: blocked in the JDK or outside Java, or deaf to preemption.
     */
    private boolean stuck(M m, Tick t, long now) {
        if (blocked(m)) {
            if (t.blockedSince == 0) {
                t.blockedSince = now;
            } else if (now - t.blockedSince >= BLOCKED_GRACE_NS) {
                return true; // blocked at every look for the grace period: Go's syscall
            }
        } else {
            t.blockedSince = 0;
        }
        return t.askedSince != 0 && deaf(m, t, now);
    }

    /**
     * Whether the goroutine of {@code t}'s stretch, asked to yield, is deaf to it: the request
     * could be heard {@link #DEAF_GRACE_US} ago ({@link #deafAt}) and its M's thread has since
     * used that much CPU, or {@link #DEAF_LIMIT_NS} has passed however little it used. A thread
     * kept from a CPU meanwhile (a loaded machine, or the JIT's compiler threads recompiling what
     * the arming of the back-edge points deoptimized) has had no chance to reach a point: counted
     * by the wall clock alone, a loop that would have yielded within microseconds of its next turn
     * on a CPU lost its P (PreemptionTest on 2 CPUs: its carrier had run 0 to 350 µs of the
     * millisecond, and 15 of 29 deaf hand-offs in one set of runs came after less than 500 µs).
     * Go's signal, likewise, preempts a thread when it runs. Without a CPU clock
     * ({@link CpuClock}), the wall clock alone. Sysmon only.
     */
    private static boolean deaf(M m, Tick t, long now) {
        if (t.audibleCpuAt == 0 || BackEdges.audibleSince(t.askedSince, now) > t.audibleCpuAt) {
            // not audible until now (the points were being armed): read again at the next look
            t.audibleCpu = CpuClock.of(m.thread);
            t.audibleCpuAt = now;
        }
        long deafAt = deafAt(t, now);
        if (now - deafAt < 0) {
            return false;
        }
        long cpu = t.audibleCpu < 0 ? -1 : CpuClock.of(m.thread);
        if (cpu < 0 || now - deafAt >= DEAF_LIMIT_NS - DEAF_GRACE_NS) {
            return true;
        }
        long needed = DEAF_GRACE_NS - (cpu - t.audibleCpu);
        t.deafInCpu = Math.max(Math.min(needed, deafAt + DEAF_LIMIT_NS - DEAF_GRACE_NS - now), MIN_DELAY_NS);
        return needed <= 0;
    }

    /**
     * Whether {@code m}'s thread is blocked now: BLOCKED or WAITING to the JVM (a lock, a queue,
     * {@code Object.wait}), or RUNNABLE to the JVM but asleep in the kernel (native I/O). A
     * RUNNABLE thread is computing, waiting for a CPU, or blocked in native code; only the kernel
     * knows which. (A thread caught at a safepoint also sleeps in the kernel; sysmon, a Java
     * thread, stops at the same safepoint, so its two looks rarely both fall inside one.)
     */
    private boolean blocked(M m) {
        return parkedInJdk(m) || NativeThreads.state(m.tid, procBuffer) == NativeThreads.ASLEEP;
    }

    /** Whether {@code m}'s thread is BLOCKED or WAITING to the JVM: cheap, no system call. */
    private static boolean parkedInJdk(M m) {
        Thread.State state = m.thread.getState();
        return state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}
