package io.gpm4j.bench.sidebyside;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One repetition of a latency workload (preempt, handoff): goroutine (or virtual thread) A
 * {@link #begin begins} something that keeps the only P (carrier) from everyone else, a spin or a
 * blocking call; B, made runnable just before, notes when it first {@link #ran runs}; the sample is
 * the time between the two ({@link #sampleNs()}), checked.
 *
 * <p>For the preempt workload it also holds A's loop condition, {@link #stop}: 0 while A spins, 1
 * once B ran, 2 when A's spin reached its bound ({@link #bound}). The bound is enforced by a
 * platform thread, {@link Watchdog}, since nothing that needs the P could. {@link #spin} is A's loop
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

    /**
     * The repetition whose spin is bounded now, if any: set by {@link #bound}, watched by
     * {@link Watchdog}.
     */
    private static volatile LatencyRep bounded;
    /** Run by the watchdog when it ends a spin, if set ({@link #onBoundHit}). */
    private static volatile Runnable boundHitReport;

    /**
     * Ends spins that reach their bound: a daemon platform thread, started by the first
     * {@link #bound}, that looks at {@link #bounded} every millisecond. It polls, so that bounding
     * a spin is two volatile stores: the driver, a goroutine in the gpm4j programs, must not
     * block in a JDK lock (an executor's queue), which would get its M's P handed off and disturb
     * the measurement.
     */
    private static final class Watchdog {
        private static final Thread THREAD = start();

        /** Starts the watchdog the first time (initialising this class does). */
        static void ensureStarted() {
            /* the class initialiser did it */
        }

        private static Thread start() {
            Thread t = new Thread(() -> {
                for (;;) {
                    LockSupport.parkNanos(1_000_000L);
                    LatencyRep r = bounded;
                    if (r != null && r.stop == 0 && r.begun && System.nanoTime() - r.begunAt >= r.boundNs
                            && STOP.compareAndSet(r, 0, 2)) {
                        Runnable report = boundHitReport;
                        if (report != null) {
                            report.run();
                        }
                    }
                }
            }, "latency-watchdog");
            t.setDaemon(true);
            t.start();
            return t;
        }
    }

    /** A's loop condition: 0 spinning, 1 B ran, 2 the bound was reached first. */
    volatile int stop;
    /** A's loop count (0 if A yielded before its first turn). Written by A before it signals its end. */
    long spins;
    /** The thread running B (virtual threads: the driver joins it). */
    volatile Thread b;
    private volatile boolean begun;
    private volatile long begunAt;
    private volatile long ranAt;
    private volatile boolean ranEarly;
    private volatile long boundNs;

    /**
     * Sets what the watchdog runs, on its own thread, when it ends a spin at its bound (gpm4j:
     * print the goroutines and threads, since it means sysmon let A keep the P).
     */
    static void onBoundHit(Runnable report) {
        boundHitReport = report;
    }

    /** A, just before it spins or blocks: notes the time. */
    void begin() {
        begun = true;
        begunAt = System.nanoTime();
    }

    /**
     * Before A starts: ends A's spin once it has lasted {@code ms} (to within a millisecond)
     * unless B has run by then. Counted from A's {@link #begin}, not from now, so that the
     * first repetitions' class loading and lambda linking in A (slow on a loaded machine) do not
     * count. Called by the driver, not by A, which should do nothing before its spin but start B
     * and note the time.
     */
    void bound(long ms) {
        boundNs = ms * 1_000_000L;
        bounded = this;
        Watchdog.ensureStarted();
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
     * repetition went wrong: B ran before A began, or never.
     */
    long sampleNs() {
        if (ranAt == 0 || ranEarly) {
            throw new AssertionError(ranEarly ? "B ran before A began" : "B never ran");
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
