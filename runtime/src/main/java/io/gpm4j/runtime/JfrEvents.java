package io.gpm4j.runtime;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * The runtime's JDK Flight Recorder events, and the scheduler's hooks that emit them.
 *
 * <h2>Cost when no recording wants an event</h2>
 * Every hook first reads {@link #AVAILABLE} (a constant: false when {@code jdk.jfr} is missing
 * or {@code -Dgpm4j.jfr=false}) and whether any recording is running (a flag a
 * {@link FlightRecorderListener} keeps), then asks a long-lived <em>probe</em> instance of the
 * event class whether the event is enabled. JFR answers {@code isEnabled()} from static state of
 * the event class, so a probe answers for every instance; nothing is allocated, timed or looked
 * up unless some recording enables the event. Duration events that span a park (park, scheduler
 * latency) keep their event objects in the G ({@link InFlight}), not in locals of the parking
 * frames, which would be saved with every parked goroutine's frames.
 *
 * <h2>Ids</h2>
 * JFR's own {@code eventThread} is the carrier thread, not the goroutine, so every event carries
 * the goroutine id, and the P and M ids where one applies ({@code -1}: none). Ms are numbered as
 * in a schedtrace line; Ps are numbered from 0.
 *
 * <p>Go: the runtime's execution tracer (runtime/trace.go: traceGoCreate, traceGoPark,
 * traceGoStart, traceGoEnd, traceProcSteal), whose events these mirror; defaults follow the
 * JDK's virtual-thread events (volume events off; pinned on, over 20 ms, with stack traces).
 */
final class JfrEvents {
    private JfrEvents() {
    }

    /** Whether JFR can be used at all: {@code jdk.jfr} present, and not {@code -Dgpm4j.jfr=false}. */
    static final boolean AVAILABLE = available();

    /** Whether some JFR recording is running: kept by {@link Listener}, read by every hook. */
    private static volatile boolean recordingRunning;
    /**
     * Counts recording starts and stops: an event in flight across one (begun in one recording,
     * ending in the next) is dropped rather than committed with a duration that spans both.
     */
    private static volatile int epoch;

    /** The first test of every hook: one volatile load (a plain load on x86) when JFR is idle. */
    private static boolean recording() {
        return AVAILABLE && recordingRunning;
    }

    private static boolean available() {
        if ("false".equalsIgnoreCase(System.getProperty("gpm4j.jfr"))) {
            return false;
        }
        return ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    }

    // ------------------------------------------------------------------ the events

    /** Go: traceGoCreate. */
    @Name(JfrNames.GOROUTINE_CREATE)
    @Label("Goroutine Create")
    @Category("gpm4j")
    @Description("A go statement: a new goroutine, its parent and the stack of the go call")
    @Enabled(false)
    static final class GoroutineCreate extends Event {
        @Label("Goroutine Id")
        @Name(JfrNames.GOROUTINE_ID)
        long goroutineId;
        @Label("Parent Goroutine Id")
        @Description("0 when a plain thread (not a goroutine) made the go call")
        long parentId;
        @Label("P Id")
        @Name(JfrNames.P_ID)
        int pId;
        @Label("M Id")
        @Name(JfrNames.M_ID)
        long mId;
    }

    /** Go: traceGoEnd. */
    @Name(JfrNames.GOROUTINE_END)
    @Label("Goroutine End")
    @Category("gpm4j")
    @Description("A goroutine returned (or ended with an exception, or Go.goexit)")
    @Enabled(false)
    @StackTrace(false)
    static final class GoroutineEnd extends Event {
        @Label("Goroutine Id")
        @Name(JfrNames.GOROUTINE_ID)
        long goroutineId;
        @Label("Failed")
        @Description("Whether the goroutine ended with an uncaught exception")
        @Name(JfrNames.FAILED)
        boolean failed;
        @Label("P Id")
        @Name(JfrNames.P_ID)
        int pId;
        @Label("M Id")
        @Name(JfrNames.M_ID)
        long mId;
    }

    /** Go: traceGoPark ... traceGoUnpark/traceGoStart; the JDK's jdk.ThreadPark. */
    @Name(JfrNames.GOROUTINE_PARK)
    @Label("Goroutine Park")
    @Category("gpm4j")
    @Description("A goroutine parked, from the park to its resumption, with Go's wait reason")
    @Threshold("20 ms")
    static final class GoroutinePark extends Event {
        @Label("Goroutine Id")
        @Name(JfrNames.GOROUTINE_ID)
        long goroutineId;
        @Label("Wait Reason")
        @Description("Go's name for what the goroutine waited for: chan receive, select, sleep, sync.Mutex.Lock, ...")
        @Name(JfrNames.WAIT_REASON)
        String waitReason;
        @Label("P Id")
        @Description("The P that resumed the goroutine")
        @Name(JfrNames.P_ID)
        int pId;
        @Label("M Id")
        @Description("The M that resumed the goroutine")
        @Name(JfrNames.M_ID)
        long mId;
    }

    /** The JDK's jdk.VirtualThreadPinned; Go has no counterpart (every Go frame can move). */
    @Name(JfrNames.GOROUTINE_PINNED)
    @Label("Goroutine Pinned")
    @Category("gpm4j")
    @Description("A goroutine blocked its carrier thread because a frame could not be unwound")
    @Threshold("20 ms")
    static final class GoroutinePinned extends Event {
        @Label("Goroutine Id")
        @Name(JfrNames.GOROUTINE_ID)
        long goroutineId;
        @Label("Pinned Reason")
        @Description("MONITOR (synchronized), JDK_FRAME, CONSTRUCTOR, CLASS_INITIALIZER, REFLECTION, UNINSTRUMENTED, NOT_SUSPENDABLE_CALL")
        @Name(JfrNames.PINNED_REASON)
        String pinnedReason;
        @Label("Blocking Frame")
        @Description("The frame that could not be unwound, and why")
        @Name(JfrNames.BLOCKING_FRAME)
        String blockingFrame;
        @Label("Wait Reason")
        @Name(JfrNames.WAIT_REASON)
        String waitReason;
        @Label("M Id")
        @Description("The M whose carrier thread the goroutine blocked")
        @Name(JfrNames.M_ID)
        long mId;
    }

    /** Go: runqsteal (traced as part of the scheduler's proc events). */
    @Name(JfrNames.PROC_STEAL)
    @Label("Proc Steal")
    @Category("gpm4j")
    @Description("A P with nothing to run took half of another P's run queue")
    @Enabled(false)
    @StackTrace(false)
    static final class ProcSteal extends Event {
        @Label("Goroutine Id")
        @Description("The stolen goroutine the thief runs first")
        @Name(JfrNames.GOROUTINE_ID)
        long goroutineId;
        @Label("Thief P Id")
        @Name(JfrNames.THIEF_P_ID)
        int thiefPId;
        @Label("Victim P Id")
        @Name(JfrNames.VICTIM_P_ID)
        int victimPId;
        @Label("Goroutines Taken")
        @Name(JfrNames.TAKEN)
        int taken;
        @Label("M Id")
        @Name(JfrNames.M_ID)
        long mId;
    }

    /** Go: the delay between traceGoUnpark and traceGoStart in a trace. */
    @Name(JfrNames.SCHEDULER_LATENCY)
    @Label("Scheduler Latency")
    @Category("gpm4j")
    @Description("A goroutine was runnable (created, readied or yielding) for this long before it ran")
    @Enabled(false)
    @StackTrace(false)
    @Threshold("1 ms")
    static final class SchedulerLatency extends Event {
        @Label("Goroutine Id")
        @Name(JfrNames.GOROUTINE_ID)
        long goroutineId;
        @Label("P Id")
        @Description("The P that ran the goroutine")
        @Name(JfrNames.P_ID)
        int pId;
        @Label("M Id")
        @Name(JfrNames.M_ID)
        long mId;
    }

    /** Go: traceGoStart ... traceGoPark/traceGoSched/traceGoEnd: one stretch on an M. */
    @Name(JfrNames.GOROUTINE_RUN)
    @Label("Goroutine Run")
    @Category("gpm4j")
    @Description("A goroutine ran on an M from being switched to until it parked, yielded or ended")
    @Enabled(false)
    @StackTrace(false)
    @Threshold("1 ms")
    static final class GoroutineRun extends Event {
        @Label("Goroutine Id")
        @Name(JfrNames.GOROUTINE_ID)
        long goroutineId;
        @Label("P Id")
        @Name(JfrNames.P_ID)
        int pId;
        @Label("M Id")
        @Name(JfrNames.M_ID)
        long mId;
        @Label("Outcome")
        @Description("parked, yielded or ended")
        @Name(JfrNames.OUTCOME)
        String outcome;
    }

    /** Go: traceGoPreempt, in gopreempt_m. */
    @Name(JfrNames.GOROUTINE_PREEMPT)
    @Label("Goroutine Preempt")
    @Category("gpm4j")
    @Description("A goroutine yielded at a preemption point: it had run its time slice (10 ms), or chaos mode flipped its coin")
    @Enabled(false)
    @StackTrace(true)
    static final class GoroutinePreempt extends Event {
        @Label("Goroutine Id")
        @Name(JfrNames.GOROUTINE_ID)
        long goroutineId;
        @Label("P Id")
        @Name(JfrNames.P_ID)
        int pId;
        @Label("M Id")
        @Name(JfrNames.M_ID)
        long mId;
    }

    /** Go: retake of a P in a system call (traced as traceProcStop of the syscall P + handoffp). */
    @Name(JfrNames.PROC_HAND_OFF)
    @Label("Proc Hand-off")
    @Category("gpm4j")
    @Description("Sysmon retook the P of an M stuck in a goroutine's code (blocked in the JDK or outside Java, or deaf to preemption) and handed it to another M")
    @StackTrace(false)
    static final class ProcHandOff extends Event {
        @Label("Goroutine Id")
        @Description("The goroutine the stuck M runs, or -1")
        @Name(JfrNames.GOROUTINE_ID)
        long goroutineId;
        @Label("P Id")
        @Name(JfrNames.P_ID)
        int pId;
        @Label("M Id")
        @Description("The stuck M")
        @Name(JfrNames.M_ID)
        long mId;
        @Label("Stuck For")
        @Description("How long the M had been in the goroutine's code when its P was retaken")
        @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS)
        @Name(JfrNames.STUCK_FOR)
        long stuckFor;
    }

    /** Go: the counts of a schedtrace line (runtime.schedtrace). */
    @Name(JfrNames.RUNTIME_STATS)
    @Label("Runtime Statistics")
    @Category("gpm4j")
    @Description("The scheduler's state, sampled periodically: goroutines by state, Ps, Ms, run queues, timers")
    @Period("1 s")
    @StackTrace(false)
    static final class RuntimeStats extends Event {
        @Label("Goroutines")
        @Name(JfrNames.GOROUTINES)
        int goroutines;
        @Label("Running")
        @Name(JfrNames.RUNNING)
        int running;
        @Label("Runnable")
        @Name(JfrNames.RUNNABLE)
        int runnable;
        @Label("Waiting")
        @Name(JfrNames.WAITING)
        int waiting;
        @Label("Pinned")
        @Description("Goroutines blocking their carrier thread (Go: syscall)")
        @Name(JfrNames.PINNED)
        int pinned;
        @Label("GOMAXPROCS")
        @Name(JfrNames.GOMAXPROCS)
        int gomaxprocs;
        @Label("Idle Ps")
        int idleProcs;
        @Label("Running Ps")
        int runningProcs;
        @Label("Ms")
        @Name(JfrNames.THREADS)
        int threads;
        @Label("Spinning Ms")
        int spinningThreads;
        @Label("Idle Ms")
        int idleThreads;
        @Label("Global Run Queue")
        int globalRunQueue;
        @Label("Local Run Queues")
        @Description("Sum over all Ps")
        int localRunQueues;
        @Label("Run Queue per P")
        @Description("As in a schedtrace line: [P0 P1 ...]")
        String perPRunQueues;
        @Label("Timers Pending")
        int timersPending;
        @Label("Steals")
        @Description("Successful steals since the runtime started")
        @Name(JfrNames.STEALS)
        long steals;
        @Label("Goroutines Created")
        @Description("Goroutines created since the runtime started")
        @Name(JfrNames.CREATED)
        long created;
        @Label("Goroutines Ended")
        @Description("Goroutines ended since the runtime started")
        @Name(JfrNames.ENDED)
        long ended;
        @Label("Preemptions")
        @Description("Goroutines that yielded at a preemption point since the runtime started (chaos mode's included)")
        @Name(JfrNames.PREEMPTIONS)
        long preemptions;
        @Label("Preemption Requests")
        @Description("Goroutines sysmon asked to yield since the runtime started")
        @Name(JfrNames.PREEMPT_REQUESTS)
        long preemptRequests;
        @Label("Back-edge Point Armings")
        @Description("Times the loops' back-edge preemption points were armed since the runtime started: each time the JVM deoptimized the compiled loops that had folded them away")
        @Name(JfrNames.BACK_EDGE_ARMS)
        long backEdgeArms;
        @Label("Hand-offs")
        @Description("Ps retaken from stuck Ms since the runtime started")
        @Name(JfrNames.HAND_OFFS)
        long handOffs;
        @Label("Ms in Hand-off")
        @Description("Ms whose P was retaken or given away (pinned) and that have not come back yet")
        @Name(JfrNames.THREADS_IN_HAND_OFF)
        int threadsInHandOff;
    }

    // ------------------------------------------------------------------ hooks

    /** Go: traceGoCreate, in newproc1. {@code m} is null on a plain thread. */
    static void created(G g, M m, P p) {
        if (recording() && Probe.CREATE.isEnabled()) {
            GoroutineCreate e = new GoroutineCreate();
            e.goroutineId = g.goid;
            G parent = m == null ? null : m.curg;
            e.parentId = parent == null ? 0 : parent.goid;
            e.pId = p == null ? -1 : p.id;
            e.mId = m == null ? -1 : m.id;
            e.commit();
        }
    }

    /** Go: traceGoEnd, in goexit0. */
    static void ended(long goid, boolean failed, M m, P p) {
        if (recording() && Probe.END.isEnabled()) {
            GoroutineEnd e = new GoroutineEnd();
            e.goroutineId = goid;
            e.failed = failed;
            e.pId = p == null ? -1 : p.id;
            e.mId = m.id;
            e.commit();
        }
    }

    /** A G's events in flight, made on first need and kept with the G (Gs are reused). */
    static final class InFlight {
        GoroutinePark park;
        String parkReason;
        int parkEpoch;
        SchedulerLatency latency;
        int latencyEpoch;
    }

    private static InFlight inFlightOrNull(G g) {
        G.Rare rare = g == null ? null : g.rareOrNull();
        return rare == null ? null : rare.jfr;
    }

    private static InFlight inFlight(G g) {
        G.Rare rare = g.rare();
        InFlight f = rare.jfr;
        if (f == null) {
            rare.jfr = f = new InFlight();
        }
        return f;
    }

    /** {@code g} is about to suspend to park (Go: gopark): starts timing the park if recorded. */
    static void parking(G g, WaitReason reason) {
        if (recording() && Probe.PARK.isEnabled()) {
            GoroutinePark e = new GoroutinePark();
            e.begin();
            InFlight f = inFlight(g);
            f.park = e;
            f.parkReason = reason.toString();
            f.parkEpoch = epoch;
        }
    }

    /**
     * The calling goroutine resumed from a park: ends the park's event on the goroutine's own
     * frames, so the stack trace JFR takes is the park's (the frames were unwound while parked
     * and are live again).
     */
    static void unparked() {
        if (recording() && Probe.PARK.isEnabled()) {
            G g = Sched.currentG();
            InFlight f = inFlightOrNull(g);
            GoroutinePark e = f == null ? null : f.park;
            if (e != null) {
                f.park = null;
                if (f.parkEpoch == epoch) {
                    commitPark(e, g, f.parkReason);
                }
            }
        }
    }

    private static void commitPark(GoroutinePark e, G g, String reason) {
        e.end();
        if (e.shouldCommit()) {
            M m = g.m;
            P p = m == null ? null : m.p;
            e.goroutineId = g.goid;
            e.waitReason = reason;
            e.pId = p == null ? -1 : p.id;
            e.mId = m == null ? -1 : m.id;
            e.commit();
        }
    }

    /** Starts timing a pinned block, or returns null when not recorded. */
    static GoroutinePinned pinning() {
        if (recording() && Probe.PINNED.isEnabled()) {
            GoroutinePinned e = new GoroutinePinned();
            e.begin();
            return e;
        }
        return null;
    }

    /** Ends a pinned block, on the goroutine's (still live) frames. */
    static void unpinned(GoroutinePinned e, G g, M m, PinReason reason, StackTraceElement frame, String waitReason) {
        e.end();
        if (e.shouldCommit()) {
            e.goroutineId = g.goid;
            e.pinnedReason = reason.name();
            e.blockingFrame = frame == null ? "?" : frame + " " + reason.description();
            e.waitReason = waitReason;
            e.mId = m.id;
            e.commit();
        }
    }

    /** {@code g} yielded at a preemption point on {@code m}. Go: traceGoPreempt. */
    static void preempted(G g, M m, P p) {
        if (recording() && Probe.PREEMPT.isEnabled()) {
            GoroutinePreempt e = new GoroutinePreempt();
            e.goroutineId = g.goid;
            e.pId = p == null ? -1 : p.id;
            e.mId = m.id;
            e.commit();
        }
    }

    /** Sysmon retook {@code p} from {@code m}, stuck in {@code g}'s code for {@code stuckNanos}. */
    static void handedOff(M m, P p, G g, long stuckNanos) {
        if (recording() && Probe.HAND_OFF.isEnabled()) {
            ProcHandOff e = new ProcHandOff();
            e.goroutineId = g == null ? -1 : g.goid;
            e.pId = p.id;
            e.mId = m.id;
            e.stuckFor = stuckNanos;
            e.commit();
        }
    }

    /** Go: runqsteal succeeded. {@code g} is the stolen G the thief runs first. */
    static void stole(M m, P thief, P victim, int taken, G g) {
        if (recording() && Probe.STEAL.isEnabled()) {
            ProcSteal e = new ProcSteal();
            e.goroutineId = g.goid;
            e.thiefPId = thief.id;
            e.victimPId = victim.id;
            e.taken = taken;
            e.mId = m.id;
            e.commit();
        }
    }

    /** {@code g} became runnable (created, readied, yielding): start its scheduler latency. */
    static void runnable(G g) {
        if (recording() && Probe.LATENCY.isEnabled()) {
            SchedulerLatency e = new SchedulerLatency();
            e.begin();
            InFlight f = inFlight(g);
            f.latency = e;
            f.latencyEpoch = epoch;
        }
    }

    /**
     * {@code g} is about to run on {@code m}: ends its scheduler latency, and starts timing the
     * run (returns the event for {@link #stopped}, or null when not recorded). Go: traceGoStart.
     */
    static GoroutineRun starting(G g, M m, P p) {
        if (!recording()) {
            return null;
        }
        InFlight f = inFlightOrNull(g);
        SchedulerLatency latency = f == null ? null : f.latency;
        if (latency != null) {
            f.latency = null;
            latency.end();
            if (f.latencyEpoch == epoch && latency.shouldCommit()) {
                latency.goroutineId = g.goid;
                latency.pId = p.id;
                latency.mId = m.id;
                latency.commit();
            }
        }
        if (Probe.RUN.isEnabled()) {
            GoroutineRun e = new GoroutineRun();
            e.begin();
            return e;
        }
        return null;
    }

    /** Ends a run started by {@link #starting}. Go: traceGoPark / traceGoSched / traceGoEnd. */
    static void stopped(GoroutineRun e, G g, M m, P p, String outcome) {
        e.end();
        if (e.shouldCommit()) {
            e.goroutineId = g.goid;
            e.pId = p == null ? -1 : p.id;
            e.mId = m.id;
            e.outcome = outcome;
            e.commit();
        }
    }

    // ------------------------------------------------------------------ periodic statistics

    /**
     * Registers {@link RuntimeStats} with JFR once the recorder exists: at once if it does,
     * else from a listener, so that a JVM that never records pays nothing for it.
     */
    static void boot(Sched sched) {
        if (!AVAILABLE) {
            return;
        }
        try {
            Listener.register(sched);
        } catch (RuntimeException | LinkageError e) {
            // JFR refused (a security manager, a JVM built without it): run without the event
        }
    }

    /**
     * Kept out of {@link JfrEvents} itself: verifying a method that passes a listener to
     * {@code FlightRecorder} loads {@code jdk.jfr} classes, and this class must load on a JVM
     * without {@code jdk.jfr} (a jlinked runtime), where {@link #AVAILABLE} is false.
     */
    private static final class Listener implements FlightRecorderListener {
        private final Sched sched;

        private Listener(Sched sched) {
            this.sched = sched;
        }

        /** Called at once when the recorder already exists (a start-up recording). */
        static void register(Sched sched) {
            // JFR keeps the caller's access context with the listener for life (RuntimeThreads)
            RuntimeThreads.privileged(() -> {
                FlightRecorder.addListener(new Listener(sched));
                return null;
            });
        }

        @Override
        public void recorderInitialized(FlightRecorder recorder) {
            RuntimeThreads.privileged(() -> {
                FlightRecorder.addPeriodicEvent(RuntimeStats.class, () -> emitStats(sched));
                return null;
            });
            recordingStateChanged(null);
        }

        /** Keeps {@link #recordingRunning}: true while any recording runs. */
        @Override
        public void recordingStateChanged(Recording changed) {
            synchronized (Listener.class) {
                boolean running = false;
                for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
                    running |= r.getState() == RecordingState.RUNNING;
                }
                epoch++;
                recordingRunning = running;
            }
        }
    }

    /** The JFR periodic thread's sample: it emits one event at a time. */
    private static final SchedStats JFR_SAMPLE = new SchedStats();

    private static void emitStats(Sched sched) {
        RuntimeStats e = new RuntimeStats();
        if (!e.shouldCommit()) {
            return;
        }
        SchedStats s = JFR_SAMPLE;
        synchronized (s) { // one periodic thread in practice; the lock only keeps the sample whole
            s.sample(sched, true);
            e.goroutines = s.running + s.runnable + s.waiting + s.pinned; // the walk's, as the states
            e.running = s.running;
            e.runnable = s.runnable;
            e.waiting = s.waiting;
            e.pinned = s.pinned;
            e.gomaxprocs = s.gomaxprocs;
            e.idleProcs = s.idleProcs;
            e.runningProcs = s.gomaxprocs - s.idleProcs;
            e.threads = s.threads;
            e.spinningThreads = s.spinningThreads;
            e.idleThreads = s.idleThreads;
            e.globalRunQueue = s.globalRunQueue;
            e.localRunQueues = s.localRunQueues;
            e.timersPending = s.timersPending;
            StringBuilder perP = new StringBuilder("[");
            for (int i = 0; i < s.gomaxprocs && i < s.runqPerP.length; i++) {
                perP.append(i == 0 ? "" : " ").append(s.runqPerP[i]);
            }
            e.perPRunQueues = perP.append(']').toString();
            e.steals = s.steals;
            e.ended = s.ended;
            e.created = s.created;
            e.preemptions = s.preemptions;
            e.preemptRequests = s.preemptRequests;
            e.backEdgeArms = s.backEdgeArms;
            e.handOffs = s.handOffs;
            e.threadsInHandOff = s.threadsInHandOff;
        }
        e.commit();
    }

    // ------------------------------------------------------------------ probes

    /**
     * One never-committed instance per event: {@code isEnabled()} reads the class's state, so a
     * probe answers for all. Loaded only when {@link #AVAILABLE}.
     */
    private static final class Probe {
        static final GoroutineCreate CREATE = new GoroutineCreate();
        static final GoroutineEnd END = new GoroutineEnd();
        static final GoroutinePark PARK = new GoroutinePark();
        static final GoroutinePinned PINNED = new GoroutinePinned();
        static final ProcSteal STEAL = new ProcSteal();
        static final SchedulerLatency LATENCY = new SchedulerLatency();
        static final GoroutineRun RUN = new GoroutineRun();
        static final GoroutinePreempt PREEMPT = new GoroutinePreempt();
        static final ProcHandOff HAND_OFF = new ProcHandOff();
    }
}
