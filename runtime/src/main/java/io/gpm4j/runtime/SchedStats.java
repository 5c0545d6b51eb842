package io.gpm4j.runtime;

import java.util.Arrays;

/**
 * One sample of the scheduler's statistics, for the JFR runtime summary ({@link JfrEvents}) and
 * the live counters file ({@link LiveCounters}): goroutines by state and wait reason, Ps, Ms, run
 * queues, timers, and the totals the runtime already keeps (created, ended, steals, preemptions,
 * hand-offs, network polls).
 *
 * <p>Nothing here is counted on a hot path: a sample reads the counts the scheduler keeps anyway
 * and, when asked, walks the goroutines for their states ({@link #sample}). The walk takes no
 * lock: allgs is replaced, never changed below its count, so it is readable without the sched
 * lock ({@link Gs#allgsRace}, Go's forEachGRace), and statuses and wait reasons are read racily, as Go's schedtrace reads them.
 * So a sample holds the sched lock only to read the counts ({@link Snapshot#countsLocked}), a
 * few hundred nanoseconds whatever the number of goroutines ({@code LiveCountersBench}). The
 * walk costs tens of nanoseconds a goroutine (cache misses: one G object each), so a sampler of
 * a million goroutines walks them seldom ({@link LiveCounters} bounds its share of a core).
 *
 * <p>One instance per sampler thread; not thread-safe.
 *
 * <p>Go: the counts of runtime.schedtrace; the states of a goroutine profile.
 */
final class SchedStats {
    /**
     * The wait reasons counted one by one: Go's names for the parks gpm4j has. A goroutine waiting
     * for any other reason counts under {@link #OTHER_REASON}.
     */
    static final String[] WAIT_REASONS = {
        "chan receive", "chan send", "select", "select (no cases)", "sleep", "IO wait",
        "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock", "sync.WaitGroup.Wait", "sync.Cond.Wait",
    };
    /** The index in {@link #waitingBy} of the waits for a reason not in {@link #WAIT_REASONS}. */
    static final int OTHER_REASON = WAIT_REASONS.length;

    /** Goroutines alive: created minus ended (Go: gcount); fresh in every sample. */
    long goroutines;
    /** The goroutines by state, as of the last walk. */
    int running;
    int runnable;
    int waiting;
    /** Goroutines blocking their carrier: handed off (Go: syscall) or waiting on it pinned. */
    int pinned;
    /** Waiting goroutines (not pinned) by reason, indexed as {@link #WAIT_REASONS}, then other. */
    final int[] waitingBy = new int[WAIT_REASONS.length + 1];
    int gomaxprocs;
    int idleProcs;
    int threads;
    int spinningThreads;
    int idleThreads;
    int threadsInHandOff;
    int globalRunQueue;
    int localRunQueues;
    /** Each P's local run queue length, by P id; the first {@link #gomaxprocs} entries hold. */
    int[] runqPerP = new int[0];
    int timersPending;
    long steals;
    long created;
    long ended;
    long preemptions;
    long preemptRequests;
    long backEdgeArms;
    long handOffs;
    long netpolls;

    /**
     * Takes a sample of {@code sched} into this object's fields; with {@code walk}, also walks
     * every goroutine for the counts by state and wait reason, which otherwise keep the last
     * walk's values. Returns how long the walk took, ns (0 without). Sampler thread only.
     */
    long sample(Sched sched, boolean walk) {
        Snapshot s;
        synchronized (sched.lock) {
            s = Snapshot.countsLocked(sched);
        }
        long took = 0;
        if (walk) {
            long t0 = System.nanoTime();
            walk(sched.gs());
            took = System.nanoTime() - t0;
        }
        gomaxprocs = s.gomaxprocs;
        idleProcs = s.npidle;
        threads = s.mcount;
        spinningThreads = s.nmspinning;
        idleThreads = s.nmidle;
        threadsInHandOff = s.nmhandoff;
        globalRunQueue = s.runqsize;
        if (runqPerP.length < s.allp.size()) {
            runqPerP = new int[s.allp.size()];
        }
        localRunQueues = 0;
        timersPending = 0;
        for (int i = 0; i < s.allp.size(); i++) {
            P p = s.allp.get(i);
            int n = p.runq.size();
            runqPerP[i] = n;
            localRunQueues += n;
            timersPending += p.timers.size();
        }
        steals = sched.steals();
        ended = sched.gs().ended(); // ended first: created - ended never goes negative
        created = sched.gs().created();
        goroutines = created - ended;
        preemptions = Preemption.done();
        preemptRequests = Preemption.requested();
        backEdgeArms = BackEdges.arms();
        handOffs = HandOff.retakes();
        netpolls = sched.netpoll().polls();
        return took;
    }

    /** Counts the goroutines by state and wait reason, without the sched lock. */
    private void walk(Gs all) {
        running = 0;
        runnable = 0;
        waiting = 0;
        pinned = 0;
        Arrays.fill(waitingBy, 0);
        byte lastReason = 0;
        int lastIndex = OTHER_REASON;
        int n = all.allglenRace(); // the count first: the array read next holds at least n Gs
        G[] gs = all.allgsRace();
        for (int i = 0; i < n; i++) {
            G g = gs[i];
            if (g == null) {
                continue; // moved down by a compaction since the count was read (Gs.allgsRace)
            }
            switch (g.status()) {
                case G.RUNNING -> {
                    if (g.inSyscall()) {
                        pinned++; // blocking its carrier, its P handed off (Go: syscall)
                    } else {
                        running++;
                    }
                }
                case G.RUNNABLE -> runnable++;
                case G.WAITING -> {
                    if (g.pinnedThread() != null) {
                        pinned++; // waiting on its carrier thread
                    } else {
                        waiting++;
                        byte reason = g.waitReason;
                        if (reason != lastReason) { // mostly the same reason in a row
                            lastReason = reason;
                            lastIndex = reasonIndex(WaitReason.text(reason));
                        }
                        waitingBy[lastIndex]++;
                    }
                }
                case G.SYSCALL -> pinned++;
                default -> { }
            }
        }
    }

    /** The index in {@link #waitingBy} for {@code reason}: its place in {@link #WAIT_REASONS}, else other. */
    static int reasonIndex(String reason) {
        if (reason != null) {
            for (int i = 0; i < WAIT_REASONS.length; i++) {
                if (WAIT_REASONS[i].equals(reason)) {
                    return i;
                }
            }
        }
        return OTHER_REASON;
    }
}
