package io.gpm4j.runtime;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The live counters: the scheduler's statistics in a memory-mapped file that
 * {@code java -jar gpm4j-agent.jar stat <pid>} reads from outside while the process runs, as
 * Aeron's counters file and {@code AeronStat} do. Layout and reader: {@link CountersFile}.
 *
 * <h2>Who writes, and when</h2>
 * Nothing on the scheduler's hot paths writes a counter: sysmon, which already wakes on every
 * tick while the runtime works, publishes a {@link SchedStats} sample once a
 * {@value #PERIOD_MS} ms period has passed ({@link #maybePublish}), and once more when it goes to
 * sleep because every P is idle ({@link #publishIdle}), so the file shows the idle state and an
 * idle runtime still uses no CPU. When that last sample was unsettled ({@link #unsettled}: a
 * goroutine pinned or handed off, whose next step wakes no P and so not sysmon, or counts by state
 * kept from an older walk), sysmon looks
 * again at doubling intervals, 250 ms up to 5 s, until it is settled. The counts themselves are those the runtime keeps anyway (the
 * per-P created/ended counts, steals, preemptions, hand-offs, network polls) and a walk of the
 * goroutines for their states. The walk costs tens of nanoseconds a goroutine, so it is bounded
 * to {@value #WALK_SHARE_PERCENT} % of sysmon's time: after a walk that took t, the next waits
 * {@code t * 100 / WALK_SHARE_PERCENT} (about 3 s for a million goroutines, whose walk takes ~32 ms in {@code LiveCountersBench}; every publication
 * for a few thousand). Until then the counts by state keep the last walk's values; the number of
 * goroutines (created minus ended) is fresh in every publication. One writer, so Agrona's plain
 * {@link CountersManager} (not the concurrent one) and ordered stores of the values.
 *
 * <h2>The file</h2>
 * {@code <java.io.tmpdir>/gpm4j-<pid>.counters}, made by sysmon as it starts (just after the scheduler boots, off the booting thread), removed by a
 * shutdown hook (and before a fatal error's halt); a process that is killed leaves it, and the
 * {@code stat} command then tells it from a live one by the pid and the process's start time in
 * its header. It is never unmapped: sysmon may write until the JVM is gone, and unmapping under a
 * writer would crash the JVM. {@code -Dgpm4j.counters=false} turns it off.
 *
 * <p>Agrona's {@link UnsafeBuffer} needs {@code jdk.internal.misc}: the agent's premain exports
 * it; without that (the runtime used without the agent and without
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}) there is no file.
 *
 * <p>Go: none; Go's operators read {@code GODEBUG=schedtrace} lines and runtime/metrics.
 */
final class LiveCounters {
    /** {@code -Dgpm4j.counters=false} turns the file off. */
    static final String PROPERTY = "gpm4j.counters";
    /** How often sysmon publishes while the runtime works. */
    static final long PERIOD_MS = 250;
    private static final long PERIOD_NS = TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
    /** The walk of the goroutines takes at most this share of sysmon's time. */
    static final int WALK_SHARE_PERCENT = 1;
    /** Per-P run queue counters beyond this many Ps are not shown. */
    static final int MAX_PER_P = 256;
    /** Room for the counters: the fixed ones and the per-P ones. */
    static final int MAX_COUNTERS = 64 + MAX_PER_P;

    private final Sched sched;
    private final UnsafeBuffer header;
    private final CountersManager manager;
    private final SchedStats s = new SchedStats();
    /** Sysmon only from here on. */
    private long lastPublish;
    /** When the last walk of the goroutines ended, and how long until the next may start. */
    private long lastWalk;
    private long walkPause;
    /** The last publication kept an older walk's counts by state (the walk was not due). */
    private boolean statesStale;
    private AtomicCounter[] perP = new AtomicCounter[0];

    private final AtomicCounter goroutines;
    private final AtomicCounter running;
    private final AtomicCounter runnable;
    private final AtomicCounter waiting;
    private final AtomicCounter pinned;
    private final AtomicCounter[] waitingBy = new AtomicCounter[SchedStats.WAIT_REASONS.length + 1];
    private final AtomicCounter gomaxprocs;
    private final AtomicCounter idleProcs;
    private final AtomicCounter runningProcs;
    private final AtomicCounter threads;
    private final AtomicCounter spinningThreads;
    private final AtomicCounter idleThreads;
    private final AtomicCounter threadsInHandOff;
    private final AtomicCounter globalRunQueue;
    private final AtomicCounter localRunQueues;
    private final AtomicCounter timersPending;
    private final AtomicCounter created;
    private final AtomicCounter ended;
    private final AtomicCounter steals;
    private final AtomicCounter preemptions;
    private final AtomicCounter preemptRequests;
    private final AtomicCounter backEdgeArms;
    private final AtomicCounter handOffs;
    private final AtomicCounter netpolls;

    /** Allocates the counters in {@code all} (header, metadata, values) for {@code pid}; the magic is stored last. */
    LiveCounters(Sched sched, UnsafeBuffer all, long pid, long startMillis) {
        this.sched = sched;
        int metaLength = MAX_COUNTERS * org.agrona.concurrent.status.CountersReader.METADATA_LENGTH;
        int valuesLength = MAX_COUNTERS * org.agrona.concurrent.status.CountersReader.COUNTER_LENGTH;
        header = new UnsafeBuffer(all, 0, CountersFile.HEADER_LENGTH);
        manager = new CountersManager(new UnsafeBuffer(all, CountersFile.HEADER_LENGTH, metaLength),
                new UnsafeBuffer(all, CountersFile.HEADER_LENGTH + metaLength, valuesLength));
        header.putInt(CountersFile.VERSION_OFFSET, CountersFile.VERSION);
        header.putLong(CountersFile.PID_OFFSET, pid);
        header.putLong(CountersFile.START_OFFSET, startMillis);
        header.putInt(CountersFile.METADATA_LENGTH_OFFSET, metaLength);
        header.putInt(CountersFile.VALUES_LENGTH_OFFSET, valuesLength);
        header.putLong(CountersFile.PERIOD_OFFSET, PERIOD_MS);
        goroutines = gauge("goroutines");
        running = gauge("goroutines running");
        runnable = gauge("goroutines runnable");
        waiting = gauge("goroutines waiting");
        pinned = gauge("goroutines pinned");
        for (int i = 0; i < SchedStats.WAIT_REASONS.length; i++) {
            waitingBy[i] = gauge("waiting: " + SchedStats.WAIT_REASONS[i]);
        }
        waitingBy[SchedStats.OTHER_REASON] = gauge("waiting: other");
        gomaxprocs = gauge("Ps");
        idleProcs = gauge("Ps idle");
        runningProcs = gauge("Ps running");
        threads = gauge("Ms");
        spinningThreads = gauge("Ms spinning");
        idleThreads = gauge("Ms idle");
        threadsInHandOff = gauge("Ms in hand-off");
        globalRunQueue = gauge("global run queue");
        localRunQueues = gauge("local run queues");
        timersPending = gauge("timers");
        created = total("goroutines created");
        ended = total("goroutines ended");
        steals = total("steals");
        preemptions = total("preemptions");
        preemptRequests = total("preemption requests");
        handOffs = total("hand-offs");
        netpolls = total("netpolls");
        backEdgeArms = total("back-edge point armings");
        header.putIntOrdered(CountersFile.MAGIC_OFFSET, CountersFile.MAGIC);
    }

    private AtomicCounter gauge(String label) {
        return manager.newCounter(label, CountersFile.GAUGE);
    }

    private AtomicCounter total(String label) {
        return manager.newCounter(label, CountersFile.TOTAL);
    }

    /**
     * The counters of the JVM's scheduler in a new file, or null when they are off, the file
     * cannot be made, or Agrona cannot reach {@code jdk.internal.misc}. Never throws. Called once,
     * by sysmon as it starts.
     */
    static LiveCounters startIfEnabled(Sched sched) {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
            return null;
        }
        if (!Object.class.getModule().isExported("jdk.internal.misc", LiveCounters.class.getModule())) {
            return null;
        }
        try {
            ProcessHandle self = ProcessHandle.current();
            long start = self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
            return create(sched, CountersFile.defaultDir(), self.pid(), start);
        } catch (IOException | RuntimeException | LinkageError e) {
            return null; // no file, no counters: the runtime runs as before
        }
    }

    /**
     * Makes {@code dir}'s file for {@code pid}, maps it and allocates the counters; removes the
     * file at exit. A file of the same name is one a crashed process with this pid left: replaced.
     * The exit hook is registered before the file exists, and the file is made under the hook's
     * lock unless the hook has run: sysmon makes the file while the application may already be
     * exiting, and a file made after the hooks ran would outlive the process.
     *
     * @throws IllegalStateException when the JVM is shutting down (no file then)
     */
    static LiveCounters create(Sched sched, Path dir, long pid, long startMillis) throws IOException {
        Path path = CountersFile.path(dir, pid);
        long length = CountersFile.HEADER_LENGTH + (long) MAX_COUNTERS
                * (org.agrona.concurrent.status.CountersReader.METADATA_LENGTH + org.agrona.concurrent.status.CountersReader.COUNTER_LENGTH);
        AtExit.register();
        MappedByteBuffer map;
        synchronized (AtExit.class) {
            if (AtExit.shutDown) {
                throw new IllegalStateException("gpm4j: the JVM is shutting down; no counters file");
            }
            Files.deleteIfExists(path);
            // CREATE_NEW: never through a link someone else planted in a shared temp dir
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                AtExit.madeLocked(path);
                map = ch.map(FileChannel.MapMode.READ_WRITE, 0, length);
            }
        }
        try {
            return new LiveCounters(sched, new UnsafeBuffer(map), pid, startMillis);
        } catch (RuntimeException | LinkageError e) {
            AtExit.discard(path);
            throw e;
        }
    }

    /**
     * The files to remove at exit. Apart from {@link LiveCounters}, which names Agrona's types, so
     * that a fatal error's halt can remove them without loading Agrona.
     */
    static final class AtExit {
        /**
         * The counters files this JVM made and has not removed: its own, and in tests the ones
         * it writes for other pids. Guarded by {@code AtExit.class}.
         */
        private static final List<Path> files = new ArrayList<>();
        /** The files are gone for good: no file may be made any more. Guarded by {@code AtExit.class}. */
        private static boolean shutDown;

        private AtExit() {
        }

        /**
         * Registers the hook that removes the files at exit.
         *
         * @throws IllegalStateException when the JVM is already shutting down
         */
        static void register() {
            // a hook thread lives as long as the JVM: made as the runtime's own threads are, it
            // keeps no loader of whoever booted the scheduler (a plugin) alive
            Runtime.getRuntime().addShutdownHook(RuntimeThreads.daemon(AtExit::removeAll, "gpm4j-counters-cleanup"));
        }

        /** Remembers {@code p}, just made, for removal at exit. Caller holds {@code AtExit.class}. */
        static void madeLocked(Path p) {
            files.add(p);
        }

        /**
         * Removes every counters file this JVM made, and lets no other be made. At exit: the hook,
         * or a fatal error's halt, which runs no hook. Waits for a file being made (sysmon makes
         * the JVM's own just after the scheduler boots, and a program may die of a fatal error in
         * that moment). Never throws.
         */
        static void removeAll() {
            synchronized (AtExit.class) {
                shutDown = true;
                files.forEach(AtExit::delete);
                files.clear();
            }
        }

        /**
         * Removes {@code p}, a file {@link #create} made, before exit: counters that could not be
         * set up, or a benchmark's own, made in a directory it deletes.
         */
        static void discard(Path p) {
            synchronized (AtExit.class) {
                files.remove(p);
            }
            delete(p);
        }

        /** Removes {@code p} (null: nothing); never throws. */
        static void delete(Path p) {
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException | RuntimeException e) {
                    // the temp dir's cleaner will; stat tells a dead process's file from a live one
                }
            }
        }
    }

    /** Publishes when a period has passed since the last publication. Sysmon, on each tick. */
    void maybePublish(long now) {
        if (now - lastPublish >= PERIOD_NS) {
            publish(now, false);
        }
    }

    /** Publishes the idle runtime before sysmon sleeps until work comes. Sysmon only. */
    void publishIdle(long now) {
        publish(now, true);
    }

    /**
     * Whether the last sample, though every P was idle, caught goroutines or Ms on their way
     * without a P (running, runnable or pinned goroutines, Ms in hand-off or spinning): their next
     * step may take no P off the idle list, so it would not wake sysmon to publish it. Also while
     * its counts by state are an older walk's ({@link #statesStale}): an idle runtime must not
     * show, for good, a goroutine running that parked after the walk. Sysmon only.
     */
    boolean unsettled() {
        return statesStale || s.running + s.runnable + s.pinned + s.threadsInHandOff + s.spinningThreads + s.globalRunQueue + s.localRunQueues > 0;
    }

    /** Samples the scheduler and stores every counter, then the heartbeat. Sysmon only. */
    void publish(long now, boolean idle) {
        lastPublish = now;
        boolean walk = lastWalk == 0 || now - lastWalk >= walkPause;
        long took = s.sample(sched, walk);
        statesStale = !walk;
        if (walk) {
            lastWalk = now + took;
            walkPause = took * (100 / WALK_SHARE_PERCENT);
        }
        goroutines.setOrdered(s.goroutines);
        running.setOrdered(s.running);
        runnable.setOrdered(s.runnable);
        waiting.setOrdered(s.waiting);
        pinned.setOrdered(s.pinned);
        for (int i = 0; i < waitingBy.length; i++) {
            waitingBy[i].setOrdered(s.waitingBy[i]);
        }
        gomaxprocs.setOrdered(s.gomaxprocs);
        idleProcs.setOrdered(s.idleProcs);
        runningProcs.setOrdered(s.gomaxprocs - s.idleProcs);
        threads.setOrdered(s.threads);
        spinningThreads.setOrdered(s.spinningThreads);
        idleThreads.setOrdered(s.idleThreads);
        threadsInHandOff.setOrdered(s.threadsInHandOff);
        globalRunQueue.setOrdered(s.globalRunQueue);
        localRunQueues.setOrdered(s.localRunQueues);
        timersPending.setOrdered(s.timersPending);
        created.setOrdered(s.created);
        ended.setOrdered(s.ended);
        steals.setOrdered(s.steals);
        preemptions.setOrdered(s.preemptions);
        preemptRequests.setOrdered(s.preemptRequests);
        handOffs.setOrdered(s.handOffs);
        netpolls.setOrdered(s.netpolls);
        backEdgeArms.setOrdered(s.backEdgeArms);
        publishPerP();
        header.putIntOrdered(CountersFile.IDLE_OFFSET, idle ? 1 : 0);
        header.putLongOrdered(CountersFile.HEARTBEAT_OFFSET, System.currentTimeMillis());
    }

    /** One run queue counter a P: allocated as GOMAXPROCS grows, freed as it shrinks. */
    private void publishPerP() {
        int n = Math.min(s.gomaxprocs, MAX_PER_P);
        if (perP.length != n) {
            AtomicCounter[] next = java.util.Arrays.copyOf(perP, n);
            for (int i = n; i < perP.length; i++) {
                perP[i].close(); // frees it in the manager
            }
            for (int i = perP.length; i < n; i++) {
                final int id = i;
                next[i] = manager.newCounter("run queue P" + i, CountersFile.RUNQ_PER_P, key -> key.putInt(0, id));
            }
            perP = next;
        }
        for (int i = 0; i < n; i++) {
            perP[i].setOrdered(s.runqPerP[i]);
        }
    }
}
