package io.gpm4j.runtime;

/**
 * Internal: not part of the public API; public because the agent emits and recognises these names.
 *
 * <p>The contract between the agent and the runtime: the classes, methods and descriptors the
 * rewrite emits calls to or recognises, in JVM internal form. The agent reads these constants and
 * never types the names itself; the runtime's side is checked against them by
 * {@code RuntimeNamesTest} (reflection over the real classes, and over the code the rewrite emits).
 *
 * <p><b>Important</b>: compile-time constants only ({@code static final String} initialised by
 * constant expressions), and no methods. {@code javac} copies the values into the agent's classes,
 * so the agent's transform path never loads this class (a class loaded during a transform is not
 * itself transformed, and loading may deadlock with the loader being served).
 *
 * <p>Rewritten code may call only {@link Frames}, hand over {@link MethodNames} numbers, reach
 * {@link Continuation#suspend}, and call {@link io.gpm4j.runtime.park.ThreadCalls} in place of the
 * JDK calls that park: so the agent and the runtime could one day be versioned apart.
 * The shape of a rewritten method is described in {@link Frames}.
 */
public final class RuntimeNames {
    private RuntimeNames() {
    }

    // ------------------------------------------------------------------ the machine room

    /**
     * The runtime's machine room: the package {@code io.gpm4j.runtime} itself (not its
     * subpackages), never rewritten and never suspendable except through its roots. Runtime code
     * that suspends (parking a goroutine) lives in subpackages such as {@code io.gpm4j.runtime.park}
     * and is rewritten like application code.
     */
    public static final String MACHINE_ROOM = "io/gpm4j/runtime/";
    /** The agent's own classes: never rewritten. */
    public static final String AGENT_PACKAGE = "io/gpm4j/agent/";

    // ------------------------------------------------------------------ Continuation

    /** {@link Continuation}. */
    public static final String CONTINUATION = MACHINE_ROOM + "Continuation";
    /** {@link Continuation} as a field or argument descriptor. */
    public static final String CONTINUATION_DESC = "L" + CONTINUATION + ";";
    /** {@link Continuation#suspend()}: the root of every suspension. */
    public static final String SUSPEND = "suspend";
    public static final String SUSPEND_DESC = "()V";
    /** {@link Continuation#run()}: a continuation's entry; in stack traces, the bottom of a goroutine. */
    public static final String CONTINUATION_RUN = "run";
    public static final String CONTINUATION_RUN_DESC = "()Z";
    /** {@link Continuation}'s binary name, as stack traces and JFR frames spell it. */
    public static final String CONTINUATION_CLASS = "io.gpm4j.runtime.Continuation";
    /** The machine room's binary-name prefix, as stack traces and JFR frames spell it. */
    public static final String MACHINE_ROOM_CLASSES = "io.gpm4j.runtime.";

    /**
     * {@code Runnable.run}: the name {@link Continuation#run()} hands its body in the call
     * handshake, and the interface method a lambda run as a body implements.
     */
    public static final String RUNNABLE_RUN = "run";

    // ------------------------------------------------------------------ Frames

    /** {@link Frames}: the static entry points rewritten methods call. */
    public static final String FRAMES = MACHINE_ROOM + "Frames";
    /** {@link Frames#mounted}, read by every rewritten prologue. */
    public static final String MOUNTED = "mounted";
    public static final String MOUNTED_DESC = "I";
    /** {@link Frames#enter(int, String)}. */
    public static final String ENTER = "enter";
    public static final String ENTER_DESC = "(ILjava/lang/String;)" + CONTINUATION_DESC;
    /**
     * {@link Frames#enter(int, int, String)}: the prologue of a method that the class's own lambdas
     * or method references target, with the interface method's name, which a resume hands it.
     */
    public static final String ENTER_IMPLEMENTING_DESC = "(IILjava/lang/String;)" + CONTINUATION_DESC;
    /**
     * {@link Frames#entry(int, String)}: the entry half of a method split in two, which looks the
     * continuation up and passes it to the body half (the method's name, its descriptor with
     * {@link #CONTINUATION_DESC} added as the last argument).
     */
    public static final String ENTRY = "entry";
    public static final String ENTRY_DESC = ENTER_DESC;
    /** {@link Frames#entry(int, int, String)}. */
    public static final String ENTRY_IMPLEMENTING_DESC = ENTER_IMPLEMENTING_DESC;
    /** {@link Frames#unwinding(Continuation)}: the test after a direct call. */
    public static final String UNWINDING = "unwinding";
    public static final String UNWINDING_DESC = "(" + CONTINUATION_DESC + ")Z";
    /** {@link Frames#attention(Continuation)}: the prologue's one test before it looks closer. */
    public static final String ATTENTION = "attention";
    public static final String ATTENTION_DESC = "(" + CONTINUATION_DESC + ")Z";
    /** {@link Frames#restoring(Continuation)}. */
    public static final String RESTORING = "restoring";
    public static final String RESTORING_DESC = "(" + CONTINUATION_DESC + ")Z";
    /** {@link Frames#call(Continuation, int)}. */
    public static final String CALL = "call";
    public static final String CALL_DESC = "(" + CONTINUATION_DESC + "I)V";
    /** {@link Frames#returned(Continuation)}. */
    public static final String RETURNED = "returned";
    public static final String RETURNED_DESC = "(" + CONTINUATION_DESC + ")Z";
    /**
     * {@link Frames#preempt(Continuation)}: tested at each preemption point; when it returns
     * true the frame calls {@link Continuation#suspend()} there, as a resumable call site.
     */
    public static final String PREEMPT = "preempt";
    public static final String PREEMPT_DESC = "(" + CONTINUATION_DESC + ")Z";
    /** {@link Frames#preemptAtBackEdge(Continuation)}: {@link #PREEMPT} at a loop's back-edge. */
    public static final String PREEMPT_AT_BACK_EDGE = "preemptAtBackEdge";
    /**
     * {@link Frames#suspendAtPoint()}: a preemption point's suspension, a resumable call site
     * with its handshake inside; returns whether the frame must save itself.
     */
    public static final String SUSPEND_AT_POINT = "suspendAtPoint";
    public static final String SUSPEND_AT_POINT_DESC = "()Z";
    /** {@link Frames#badSite(int, String)}. */
    public static final String BAD_SITE = "badSite";
    public static final String BAD_SITE_DESC = "(ILjava/lang/String;)Ljava/lang/IllegalStateException;";

    /**
     * {@link Frames#saveInt} and its kin: save a local of the frame, the continuation first and
     * returned, so that a save block loads it once for all its locals.
     */
    public static final String SAVE_INT = "saveInt";
    public static final String SAVE_INT_DESC = "(" + CONTINUATION_DESC + "I)" + CONTINUATION_DESC;
    public static final String SAVE_LONG = "saveLong";
    public static final String SAVE_LONG_DESC = "(" + CONTINUATION_DESC + "J)" + CONTINUATION_DESC;
    public static final String SAVE_FLOAT = "saveFloat";
    public static final String SAVE_FLOAT_DESC = "(" + CONTINUATION_DESC + "F)" + CONTINUATION_DESC;
    public static final String SAVE_DOUBLE = "saveDouble";
    public static final String SAVE_DOUBLE_DESC = "(" + CONTINUATION_DESC + "D)" + CONTINUATION_DESC;
    public static final String SAVE_OBJECT = "saveObject";
    public static final String SAVE_OBJECT_DESC = "(" + CONTINUATION_DESC + "Ljava/lang/Object;)" + CONTINUATION_DESC;
    /** {@link Frames#saveSite}: the last of a save block, the index of the site it unwinds from. */
    public static final String SAVE_SITE = "saveSite";
    public static final String SAVE_SITE_DESC = "(I" + CONTINUATION_DESC + ")V";

    /** {@link Frames#pushInt}: saves an int (boolean, byte, char, short) of the frame. */
    public static final String PUSH_INT = "pushInt";
    public static final String PUSH_INT_DESC = "(I" + CONTINUATION_DESC + ")V";
    public static final String PUSH_LONG = "pushLong";
    public static final String PUSH_LONG_DESC = "(J" + CONTINUATION_DESC + ")V";
    public static final String PUSH_FLOAT = "pushFloat";
    public static final String PUSH_FLOAT_DESC = "(F" + CONTINUATION_DESC + ")V";
    public static final String PUSH_DOUBLE = "pushDouble";
    public static final String PUSH_DOUBLE_DESC = "(D" + CONTINUATION_DESC + ")V";
    public static final String PUSH_OBJECT = "pushObject";
    public static final String PUSH_OBJECT_DESC = "(Ljava/lang/Object;" + CONTINUATION_DESC + ")V";

    /** {@link Frames#popInt}: restores an int of the frame. */
    public static final String POP_INT = "popInt";
    public static final String POP_INT_DESC = "(" + CONTINUATION_DESC + ")I";
    public static final String POP_LONG = "popLong";
    public static final String POP_LONG_DESC = "(" + CONTINUATION_DESC + ")J";
    public static final String POP_FLOAT = "popFloat";
    public static final String POP_FLOAT_DESC = "(" + CONTINUATION_DESC + ")F";
    public static final String POP_DOUBLE = "popDouble";
    public static final String POP_DOUBLE_DESC = "(" + CONTINUATION_DESC + ")D";
    public static final String POP_OBJECT = "popObject";
    public static final String POP_OBJECT_DESC = "(" + CONTINUATION_DESC + ")Ljava/lang/Object;";

    // ------------------------------------------------------------------ GoMain (the agent's main option)

    /** {@link GoMain}: runs an application's {@code main} as the main goroutine. */
    public static final String GO_MAIN = MACHINE_ROOM + "GoMain";
    /** {@link GoMain#enter()}. */
    public static final String GO_MAIN_ENTER = "enter";
    public static final String GO_MAIN_ENTER_DESC = "()Z";
    /** {@link GoMain#run(Runnable)}. */
    public static final String GO_MAIN_RUN = "run";
    public static final String GO_MAIN_RUN_DESC = "(Ljava/lang/Runnable;)V";

    // ------------------------------------------------------------------ JDK calls that park

    /** {@code java.lang.Thread}: its {@code sleep} and {@code yield} are redirected in rewritten code. */
    public static final String THREAD = "java/lang/Thread";
    /** {@code Thread.sleep}, and {@link io.gpm4j.runtime.park.ThreadCalls#sleep(long)} that replaces it. */
    public static final String THREAD_SLEEP = "sleep";
    /** {@code Thread.sleep(long)}. */
    public static final String THREAD_SLEEP_MILLIS_DESC = "(J)V";
    /** {@code Thread.sleep(long, int)}. */
    public static final String THREAD_SLEEP_NANOS_DESC = "(JI)V";
    /** {@code Thread.sleep(java.time.Duration)} (Java 19+; a class file may name it whatever we run on). */
    public static final String THREAD_SLEEP_DURATION_DESC = "(Ljava/time/Duration;)V";
    /** {@code Thread.yield}, and {@link io.gpm4j.runtime.park.ThreadCalls#yield()} that replaces it. */
    public static final String THREAD_YIELD = "yield";
    public static final String THREAD_YIELD_DESC = "()V";
    /**
     * {@link io.gpm4j.runtime.park.ThreadCalls}: static methods with the names and descriptors of
     * the {@code Thread} methods above; in a package the agent rewrites, so they may suspend.
     */
    public static final String THREAD_CALLS = MACHINE_ROOM + "park/ThreadCalls";
}
