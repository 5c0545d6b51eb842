package io.gpm4j.runtime;

/**
 * Internal: not part of the public API; public because the agent's JFR report reads recordings by
 * these names.
 *
 * <p>The names of the runtime's JDK Flight Recorder events ({@link JfrEvents}) and of the fields the
 * agent's report reads: a contract between the runtime, which declares the events with these
 * names, and the agent ({@code io.gpm4j.agent.jfr}), which reads recordings by them. Both sides
 * refer to these constants; {@code RuntimeNamesTest} checks every one against the event classes.
 *
 * <p>Compile-time constants only, like {@link RuntimeNames}: the agent's classes get copies of
 * the values and never load this class, and it names no {@code jdk.jfr} type.
 */
public final class JfrNames {
    private JfrNames() {
    }

    /** The prefix of every gpm4j event name. */
    public static final String PREFIX = "io.gpm4j.";

    // ------------------------------------------------------------------ events

    public static final String GOROUTINE_CREATE = PREFIX + "GoroutineCreate";
    public static final String GOROUTINE_END = PREFIX + "GoroutineEnd";
    public static final String GOROUTINE_PARK = PREFIX + "GoroutinePark";
    public static final String GOROUTINE_PINNED = PREFIX + "GoroutinePinned";
    public static final String PROC_STEAL = PREFIX + "ProcSteal";
    public static final String SCHEDULER_LATENCY = PREFIX + "SchedulerLatency";
    public static final String GOROUTINE_RUN = PREFIX + "GoroutineRun";
    public static final String RUNTIME_STATS = PREFIX + "RuntimeStats";
    public static final String GOROUTINE_PREEMPT = PREFIX + "GoroutinePreempt";
    public static final String PROC_HAND_OFF = PREFIX + "ProcHandOff";

    // ------------------------------------------------------------------ fields (the ones the report reads)

    /** Of every event but RuntimeStats. */
    public static final String GOROUTINE_ID = "goroutineId";
    /** The P's id, of GoroutineRun (and others). */
    public static final String P_ID = "pId";
    /** The M's id, of GoroutineRun (and others). */
    public static final String M_ID = "mId";
    /** GoroutinePark and GoroutinePinned: Go's wait reason. */
    public static final String WAIT_REASON = "waitReason";
    /** GoroutineEnd: ended with an uncaught exception. */
    public static final String FAILED = "failed";
    /** GoroutinePinned: a {@link PinReason} name. */
    public static final String PINNED_REASON = "pinnedReason";
    /** GoroutinePinned: the frame that could not be unwound. */
    public static final String BLOCKING_FRAME = "blockingFrame";
    /** ProcSteal. */
    public static final String THIEF_P_ID = "thiefPId";
    public static final String VICTIM_P_ID = "victimPId";
    public static final String TAKEN = "taken";
    /** ProcHandOff: how long the M had been stuck, in nanoseconds. */
    public static final String STUCK_FOR = "stuckFor";
    /** GoroutineRun: parked, yielded, preempted or ended. */
    public static final String OUTCOME = "outcome";

    /** RuntimeStats. */
    public static final String GOROUTINES = "goroutines";
    public static final String RUNNING = "running";
    public static final String RUNNABLE = "runnable";
    public static final String WAITING = "waiting";
    public static final String PINNED = "pinned";
    public static final String GOMAXPROCS = "gomaxprocs";
    public static final String THREADS = "threads";
    public static final String STEALS = "steals";
    public static final String CREATED = "created";
    public static final String ENDED = "ended";
    public static final String PREEMPTIONS = "preemptions";
    public static final String PREEMPT_REQUESTS = "preemptRequests";
    public static final String BACK_EDGE_ARMS = "backEdgeArms";
    public static final String HAND_OFFS = "handOffs";
    public static final String THREADS_IN_HAND_OFF = "threadsInHandOff";
}
