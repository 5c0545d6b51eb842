package io.gpm4j.runtime;

/**
 * Test-only window on the package-private scheduler counters, for tests in other packages
 * (the goroutine tests live in {@code io.gpm4j}, the API package they exercise: the agent never rewrites
 * {@code io.gpm4j.runtime}, so goroutine bodies written in this package could not suspend).
 */
public final class SchedProbe {
    private SchedProbe() {
    }

    /** How ThreadLocals behave: "" when they belong to the goroutine, else why they stay per carrier. */
    public static String threadLocalsMode() {
        return GoroutineLocals.MODE;
    }

    /**
     * How many class loaders the tables the agent fills still hold entries for: the call-site
     * table's and the lambda targets' (each holds loaders weakly and drops a collected one's
     * entries at its next registration).
     */
    public static int[] registryLoaders() {
        return new int[] {CallSites.loaders(), LambdaTargets.loaders()};
    }

    /** Garbage collections sysmon has noticed so far (GcEpoch). */
    public static int gcEpoch() {
        return Sched.get().gcEpoch().current();
    }

    /** Dead Gs the free lists have left to the collector so far, instead of reusing them. */
    public static long releasedGs() {
        return Sched.get().gs().released();
    }

    /** How many Gs allgs holds now (live, dead for reuse, released until its next compaction). */
    public static int allgs() {
        return Sched.get().gs().allglenRace();
    }

    /** Successful steals so far. */
    public static long steals() {
        return Sched.get().steals();
    }

    /** Goroutines that blocked their carrier because a frame pinned them, so far. */
    public static long pinnedEvents() {
        return Sched.get().pinning().events();
    }

    /** Ps sysmon retook from Ms stuck in a goroutine's code, so far. */
    public static long handOffs() {
        return HandOff.retakes();
    }

    /** How many times a P leaving the idle list woke the JVM scheduler's sysmon from its deep sleep. */
    public static long sysmonWakes() {
        Sched s = Sched.get();
        synchronized (s.lock) {
            return s.sysmon().wakesLocked();
        }
    }

    /** Light sleeps of sysmon a nudge ended, so far (Sysmon.nudge). */
    public static long sysmonNudges() {
        return Sched.get().sysmon().nudges();
    }

    /** Idle Ms woken (through the kernel) to run a P, so far. */
    public static long idleMWakes() {
        Sched s = Sched.get();
        synchronized (s.lock) {
            return s.ms().idleWakesLocked();
        }
    }

    /** Goroutines that yielded at a preemption point, so far (chaos mode's included). */
    public static long preemptions() {
        return Preemption.done();
    }

    /** Chaos mode's stalls so far: a goroutine held its carrier in the JDK for sysmon to hand its P off. */
    public static long chaosStalls() {
        return Chaos.stalls();
    }

    /**
     * Disarms the loops' back-edge preemption points as if no goroutine had been asked to yield
     * for the quiet period, and waits for it; false when they stay armed in this JVM (chaos mode).
     */
    public static boolean disarmBackEdges() {
        return BackEdges.disarmNow();
    }

    /** How many times the back-edge points were armed or disarmed since boot. */
    public static long backEdgeChanges() {
        return BackEdges.changes();
    }

    /** Preemptions sysmon asked for, so far. */
    public static long preemptRequests() {
        return Preemption.requested();
    }

    /** Ms whose P was retaken or given away and that have not come back to the scheduler yet. */
    public static int msInHandOff() {
        return Snapshot.take(Sched.get()).nmhandoff;
    }

    /** Gs on the global run queue (racy). */
    public static int globalRunqSize() {
        return Sched.get().globalRunq().size();
    }

    /** Goroutines switched to on any P so far (the sum of every P's switchtick; racy). */
    public static long switches() {
        long n = 0;
        for (P p : Sched.get().ps().allp()) {
            n += p.switchtick;
        }
        return n;
    }

    /** Idle Ps (racy). */
    public static int idlePs() {
        return Sched.get().ps().idleCount();
    }

    /**
     * Takes a spinning claim that no M acts on, as a {@code wakep} does between its claim and the
     * moment its {@code startm} finds no idle P and gives it back; false when an M spins already.
     * Give it back with {@link #releaseSpinningClaim}.
     */
    public static boolean holdSpinningClaim() {
        return Sched.get().ms().spinning().claim();
    }

    /** Gives back a {@link #holdSpinningClaim}. */
    public static void releaseSpinningClaim() {
        Sched.get().ms().spinning().unclaim();
    }

    /** Spinning Ms (racy). */
    public static int spinningMs() {
        return Sched.get().ms().spinning().count();
    }

    /** The id of the P the calling goroutine runs on, or -1 when the caller holds no P. */
    public static int currentP() {
        M m = Sched.currentM();
        P p = m == null ? null : m.p;
        return p == null ? -1 : p.id;
    }

    /** Preemptions honoured so far: goroutines that yielded at a preemption point (chaos mode's included). */
    public static long preemptionsHonoured() {
        return Preemption.done();
    }

    /** Ms alive: carriers plus the callers of running Go.run calls. */
    public static int threads() {
        return Snapshot.threads(Sched.get());
    }

    /** Idle (parked) Ms. */
    public static int idleMs() {
        return Snapshot.idleMs(Sched.get());
    }

    /** Goroutines and threads parked on the network poller. Go: netpollWaiters. */
    public static int netpollWaiters() {
        return Sched.get().netpoll().waiters.get();
    }

    /** Opens the network poller's selector now (it opens with the first socket that waits), so that descriptor counts can start after it. */
    public static void openNetpollSelector() {
        Sched.get().netpoll().selector();
    }

    /** Whether any timer is armed, on any P: the poller then sleeps until the earliest. */
    public static boolean timersPending() {
        return Sched.get().timers().pending();
    }

    /** Selections the network poller has made so far. */
    public static long netpollPolls() {
        return Sched.get().netpoll().polls();
    }

    /** The counts above and the stacks of the carrier threads, for failure messages. */
    public static String describe() {
        Sched s = Sched.get();
        StringBuilder b = new StringBuilder();
        b.append("gomaxprocs=").append(s.gomaxprocs()).append(" idleprocs=").append(s.ps().idleCount())
                .append(" threads=").append(Snapshot.threads(s)).append(" idlethreads=").append(Snapshot.idleMs(s))
                .append(" spinningthreads=").append(s.ms().spinning().count()).append(" runqueue=").append(s.globalRunq().size())
                .append(" goroutines=").append(s.ngoroutines()).append('\n');
        // where each runnable G waits: a P's runnext and ring, or the global queue
        for (P p : s.ps().allp()) {
            b.append("P").append(p.id).append(" status=").append(p.status).append(" m=")
                    .append(p.m == null ? -1 : p.m.id).append(" userM=").append(p.userM == null ? -1 : p.userM.id)
                    .append(" schedtick=").append(p.schedtick).append(" switchtick=").append(p.switchtick)
                    .append(" runnext+ring=").append(java.util.Arrays.toString(p.runq.goids())).append('\n');
        }
        synchronized (s.lock) {
            b.append("global=").append(java.util.Arrays.toString(s.globalRunq().goidsLocked())).append('\n');
        }
        b.append(SchedTrace.line(s, 0, true));
        for (java.util.Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if ((t instanceof CarrierThread && ((CarrierThread) t).m != null) || M_THREADS.contains(t)) {
                b.append(t.getName()).append(' ').append(t.getState()).append('\n');
                for (StackTraceElement f : e.getValue()) {
                    b.append("\tat ").append(f).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static final java.util.Set<Thread> M_THREADS = java.util.Set.of();

    /**
     * Sabotage for {@code StackCommandTest}: takes the sched lock on a daemon thread of its own
     * and never lets it go, as a stuck scheduler would; returns once the lock is held. Every
     * scheduler operation of this JVM blocks from then on.
     */
    public static void holdSchedLockForever() throws InterruptedException {
        Sched s = Sched.get();
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            synchronized (s.lock) {
                held.countDown();
                for (;;) {
                    java.util.concurrent.locks.LockSupport.park();
                }
            }
        }, "holds the sched lock");
        t.setDaemon(true);
        t.start();
        held.await();
    }

    /**
     * Whether sysmon's last sample of the live counters was settled: nothing on its way without a
     * P, and counts by state from a fresh walk of the goroutines. Until then sysmon, asleep,
     * samples and publishes again at growing intervals ({@code LiveCounters.unsettled}). Read
     * without sysmon's knowledge (its fields are its own): for polling, not for one look.
     */
    public static boolean countersSettled() {
        LiveCounters c = Sched.get().liveCounters();
        return c != null && !c.unsettled();
    }

    /**
     * Writes a live counters file for {@code pid} into {@code dir} as a process started at
     * {@code startMillis} would (a scheduler of its own, every P idle), for the {@code stat}
     * command's tests of files left behind. Removed at this JVM's exit.
     */
    public static void writeCountersFile(java.nio.file.Path dir, long pid, long startMillis) throws java.io.IOException {
        LiveCounters.create(new Sched(1, 1), dir, pid, startMillis).publish(System.nanoTime(), true);
    }
}
