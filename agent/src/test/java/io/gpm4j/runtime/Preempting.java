package io.gpm4j.runtime;

import io.gpm4j.agent.testkit.Mailbox;
import java.util.ArrayList;
import java.util.List;

/**
 * Test hook for preemption points: a subject asks to be preempted ({@link #request}), as sysmon
 * would, and {@link #run} runs it in a goroutine's kind of continuation (one that knows a G and an
 * M, which a plain {@link Continuation} does not: {@link Frames#preempt} drops a request for one)
 * without any scheduler, logging each suspension. In this package for the package-private
 * {@code Continuation.preempt}, {@code G} and {@code M}; the agent never rewrites it, so a subject's
 * call to it is an ordinary call.
 */
public final class Preempting {
    /** What happened, in order: the subject's own entries, "request", "preempted", "yield:...". */
    public static final List<String> EVENTS = new ArrayList<>();
    /**
     * At each preemption, the innermost saved frame as the goroutine dump prints it from the frame
     * store ({@code CallSites.savedFrames}): {@code method:line}, or "unreadable".
     */
    public static final List<String> PREEMPTED_AT = new ArrayList<>();
    /** When false, {@link #request} only logs: the same run without preemption, to compare. */
    public static boolean enabled = true;

    private Preempting() {
    }

    /** Asks the goroutine running the caller to yield at its next preemption point. Go: preemptone. */
    public static void request() {
        EVENTS.add("request");
        if (enabled) {
            Continuation.current().requestPreempt();
            BackEdges.settle(); // the back-edge points are armed now, not in a moment
        }
    }

    /** A subject's own log entry. */
    public static void log(String event) {
        EVENTS.add(event);
    }

    /**
     * Runs {@code body} to the end as a goroutine would run: each suspension is logged as
     * "preempted" when a preemption point made it (the M was told {@code MCALL_PREEMPT}) or as
     * "yield:" and the value the body yielded; a yield is resumed with "resume-N".
     *
     * @return the number of preemptions
     */
    public static int run(Runnable body) {
        G g = new G();
        M m = new M(-7, Thread.currentThread(), null);
        g.m = m;
        Continuation c = g;
        c.reset(body);
        int preemptions = 0;
        int yields = 0;
        while (!c.run()) {
            if (m.mcall == M.MCALL_PREEMPT) {
                preemptions++;
                EVENTS.add("preempted");
                StackTraceElement[] saved = CallSites.savedFrames(c);
                PREEMPTED_AT.add(saved.length == 0 ? "unreadable"
                        : saved[0].getMethodName() + ":" + saved[0].getLineNumber());
            } else {
                yields++;
                EVENTS.add("yield:" + Mailbox.out);
                Mailbox.in = "resume-" + yields;
            }
            m.mcall = M.MCALL_NONE;
            if (preemptions + yields > 10_000) {
                throw new AssertionError("runaway subject");
            }
        }
        if (c.preempt) {
            throw new AssertionError("a preemption request was left pending at the end");
        }
        return preemptions;
    }
}
