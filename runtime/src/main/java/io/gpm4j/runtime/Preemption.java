package io.gpm4j.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Preemption: asking a goroutine that has run too long to yield, and its answer at the next
 * preemption point of a rewritten frame. Sysmon asks ({@link #request}); the goroutine's frame
 * sees the request in {@link Frames#preempt}, tells its M ({@link #preempting}) and suspends; the
 * M puts it on the global queue as for a gosched ({@code Sched.execute}).
 *
 * <p>Go: preemptone (the request: gp.preempt, gp.stackguard0 = stackPreempt), newstack's
 * preemption check, gopreempt_m.
 */
final class Preemption {
    /** Preemptions asked for so far (by sysmon). */
    private static final AtomicLong requested = new AtomicLong();
    /** Preemptions honoured so far (a goroutine yielded at a preemption point, chaos included). */
    private static final AtomicLong done = new AtomicLong();

    private Preemption() {
    }

    /** Asks {@code g} to yield at its next preemption point. Any thread. Go: preemptone. */
    static void request(G g) {
        g.requestPreempt();
        requested.incrementAndGet();
    }

    /**
     * At a preemption point with a request pending (or chaos's coin up): tells the goroutine's M
     * that the coming suspension is a preemption. Returns false, dropping the request, when
     * {@code c} is not a goroutine's continuation. Owner M only.
     */
    static boolean preempting(Continuation c) {
        c.clearPreempt();
        if (!(c instanceof G)) {
            return false;
        }
        G g = (G) c;
        M m = g.m;
        if (m == null) {
            return false;
        }
        m.mcall = M.MCALL_PREEMPT;
        done.incrementAndGet();
        return true;
    }

    /** Preemptions asked for so far. */
    static long requested() {
        return requested.get();
    }

    /** Preemptions honoured so far. */
    static long done() {
        return done.get();
    }
}
