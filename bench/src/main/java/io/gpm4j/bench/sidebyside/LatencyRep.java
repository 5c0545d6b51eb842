package io.gpm4j.bench.sidebyside;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One repetition of a latency workload (preempt, handoff): goroutine (or virtual thread) A
 * {@link #begin begins} something that keeps the only P (carrier) from everyone else, a spin or a
 * blocking call; B, made runnable just before, notes when it first {@link #ran runs}; the sample is
 * the time between the two ({@link #sampleNs()}), checked.
 *
 * <p>For the preempt workload it also holds A's loop condition, {@link #stop}: 0 while A spins, 1
 * once B ran, 2 when A's spin reached its bound ({@link #bound}). The bound is enforced by a
 * platform thread, {@link #WATCHDOG}, since nothing that needs the P could. {@link #spin} is A's loop
 * for the workload's variants that must not be rewritten: this class makes no suspendable call, so
 * the agent leaves all of it alone (with preemption points in rewritten code, a loop here still
 * has none).
 */
final class LatencyRep {
    private static final VarHandle STOP;

    static {
        try {
            STOP = MethodHandles.lookup().findVarHandle(LatencyRep.class, "stop", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Ends spins that reach their bound: one daemon platform thread. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "latency-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** A's loop condition: 0 spinning, 1 B ran, 2 the bound was reached first. */
    volatile int stop;
    /** A's loop count, a check that A did spin. Written by A before it signals its end. */
    long spins;
    /** The thread running B (virtual threads: the driver joins it). */
    volatile Thread b;
    private volatile boolean begun;
    private volatile long begunAt;
    private volatile long ranAt;
    private volatile boolean ranEarly;
    private ScheduledFuture<?> boundTask;

    /** A, just before it spins or blocks: notes the time. */
    void begin() {
        begun = true;
        begunAt = System.nanoTime();
    }

    /**
     * Before A starts: ends its spin {@code ms} from now unless B has run by then. Called by the
     * driver, not by A: scheduling takes the executor's locks, and A blocked on one would give
     * its carrier to B before it began.
     */
    void bound(long ms) {
        boundTask = WATCHDOG.schedule(() -> STOP.compareAndSet(this, 0, 2), ms, TimeUnit.MILLISECONDS);
    }

    /** B, first thing: notes the time, then stops A's spin (if it still runs). */
    void ran() {
        ranAt = System.nanoTime();
        ranEarly = !begun;
        STOP.compareAndSet(this, 0, 1);
    }

    /** Whether A's spin ended at its bound rather than because B ran. */
    boolean boundHit() {
        return stop == 2;
    }

    /**
     * After A and B have both finished: B's first run less A's begin, in ns. Throws when the
     * repetition went wrong: B ran before A began, or never, or A spun without a single turn.
     */
    long sampleNs(boolean spun) {
        if (boundTask != null) {
            boundTask.cancel(false);
        }
        if (ranAt == 0 || ranEarly) {
            throw new AssertionError(ranEarly ? "B ran before A began" : "B never ran");
        }
        if (spun && spins == 0) {
            throw new AssertionError("A never went round its loop");
        }
        return ranAt - begunAt;
    }

    /** A's loop: no call, no allocation; ends once {@link #stop} is set. Not rewritten (see above). */
    static long spin(LatencyRep r) {
        long spins = 0;
        while (r.stop == 0) {
            spins++;
        }
        return spins;
    }
}
