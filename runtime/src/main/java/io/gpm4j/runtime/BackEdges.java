package io.gpm4j.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether the preemption points on loop back-edges are <em>armed</em>: they test the goroutine's
 * request only while some goroutine may need them to, and cost nothing the rest of the time.
 *
 * <p>A test on every pass of a loop is not free where the loop does almost nothing else: C2 cannot
 * share a volatile read between the unrolled copies of a loop body, and a one-add loop inside a
 * goroutine ran 8 % slower for it ({@code PreemptBench}; every cheaper form of the test was tried
 * and measured, see bench/README.md). Go pays nothing per pass: sysmon reaches a loop with a signal
 * (asynchronous preemption). The JVM's nearest thing is its own deoptimization: a back-edge point
 * calls through a {@link MutableCallSite} ({@link #TEST}); while its target is the constant
 * {@code false} (disarmed) the JIT folds the point away entirely, and when a goroutine is asked to
 * yield ({@link #requested}) the target becomes the real test, which makes the JVM deoptimize every
 * compiled method that folded it, running loops included (they stop at their next safepoint poll
 * and go on in the interpreter, where the point tests the request). Recompiled, they test it on
 * every pass, as before, until no goroutine has been asked to yield for a quiet period
 * ({@link #quietNanos}); then the target is the constant again (one more deoptimization). The
 * quiet period doubles with each arming, from {@link #QUIET_NANOS} up to 64 times that, so that
 * the JVM recompiles a program's loops a handful of times in its life, not every few seconds: a
 * program whose goroutines never overrun their slice never pays for its loops' points, one that
 * overruns all the time soon keeps them armed and pays what it paid before, and one that overruns
 * now and then has its loops recompiled twice per quiet period at most.
 *
 * <p>Only C2 folds the call site's target: C1's code (the tier a method runs in until C2 compiles
 * it) calls through the method handle at every pass, about 27 ns against 6 for the direct test
 * (bench/README.md), for the tens of thousands of passes before C2's turn.
 *
 * <p>Changing the target waits until every thread has passed a safepoint poll (a handshake). A
 * thread in a counted loop that the JIT compiled without a poll inside (the JVM's choice with
 * {@code -XX:-UseCountedLoopSafepoints}, the default of the Serial and Parallel collectors) holds
 * it until the loop ends; so the target is set by a thread of its own ({@code gpm4j-backedges}),
 * never by sysmon, which must go on handing off Ps meanwhile. Chaos mode and
 * {@code -Dgpm4j.backedges=always} keep the points armed from the start.
 *
 * <p>Go: preemptM, the signal that makes a goroutine in a loop with no call yield.
 */
final class BackEdges {
    /** The system property that keeps the points armed from the start ({@code always}). */
    static final String PROPERTY = "gpm4j.backedges";
    /**
     * How long no goroutine must have been asked to yield before the points are disarmed, after
     * their first arming; doubled at each arming after it, up to {@link #QUIET_DOUBLINGS} times.
     */
    static final long QUIET_NANOS = Math.min(Math.max(0, Long.getLong("gpm4j.backedgequietms", 10_000)), 86_400_000L) * 1_000_000;
    /** How many times the quiet period doubles at most (64 times the first: about 11 minutes). */
    static final int QUIET_DOUBLINGS = 6;
    /** How long sysmon waits for the points to be armed before it counts a goroutine as deaf anyway. */
    static final long ARMING_LIMIT_NANOS = 10_000_000;
    /** Whether the points stay armed whatever happens (chaos mode, or {@value #PROPERTY}=always). */
    static final boolean ALWAYS;

    /**
     * {@code (Continuation) boolean}: the back-edge test, through {@link #SITE}. A constant in
     * {@link Frames#preemptAtBackEdge}, so the JIT inlines its current target and records that
     * its code depends on it.
     */
    static final MethodHandle TEST;
    private static final MutableCallSite SITE;
    private static final MethodHandle ARMED;
    private static final MethodHandle DISARMED;

    /** The target {@link #SITE} should have; the setter thread follows it. */
    private static volatile boolean wanted;
    /** The target {@link #SITE} has (written by whoever set it). */
    private static volatile boolean armed;
    /** When the points were last armed ({@link System#nanoTime}); meaningful while {@link #armed}. */
    private static volatile long armedAt = Long.MIN_VALUE;
    /** When the latest request was made ({@link System#nanoTime}). */
    private static volatile long lastRequestAt;
    /** Requests so far: tells {@link #quiet} that one came while it disarmed. */
    private static final AtomicLong requests = new AtomicLong();
    /** How many times the target was set (armed or disarmed) after boot. */
    private static final AtomicLong changes = new AtomicLong();
    /** How many times the points were armed after boot. */
    private static final AtomicLong arms = new AtomicLong();
    private static final Object SETTER_LOCK = new Object();
    /** The thread that sets the target; started at the first request. */
    private static Thread setter;

    static {
        try {
            MethodType type = MethodType.methodType(boolean.class, Continuation.class);
            ARMED = MethodHandles.lookup().findStatic(Frames.class, "testAtBackEdge", type);
            DISARMED = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, Continuation.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        ALWAYS = Chaos.ENABLED || "always".equals(System.getProperty(PROPERTY));
        wanted = ALWAYS;
        armed = ALWAYS;
        SITE = new MutableCallSite(ALWAYS ? ARMED : DISARMED);
        TEST = SITE.dynamicInvoker();
    }

    private BackEdges() {
    }

    /**
     * A goroutine has been asked to yield: arms the points, unless they are armed or being armed.
     * Does not wait for it (see the class comment); any thread. Called after the request is
     * published, so a point armed later sees it.
     */
    static void requested() {
        lastRequestAt = System.nanoTime();
        requests.incrementAndGet();
        if (!wanted) {
            wanted = true;
            wakeSetter();
        }
    }

    /**
     * Disarms the points when no goroutine has been asked to yield for {@link #quietNanos}.
     * Sysmon, at each look. A request that races with it re-arms them: it either finds
     * {@link #wanted} already false and wakes the setter itself, or its count is seen here.
     */
    static void quiet(long now) {
        if (!wanted || ALWAYS) {
            return;
        }
        long seen = requests.get();
        if (now - lastRequestAt < quietNanos()) {
            return;
        }
        wanted = false;
        if (requests.get() != seen) {
            wanted = true; // a request came meanwhile, and may have found wanted true
        }
        wakeSetter();
    }

    /**
     * The quiet period that now ends an arming: {@link #QUIET_NANOS} after the first, doubled
     * at each arming after it, at most {@link #QUIET_DOUBLINGS} times.
     */
    static long quietNanos() {
        long n = arms.get();
        return QUIET_NANOS << (int) Math.min(Math.max(n - 1, 0), QUIET_DOUBLINGS);
    }

    /**
     * Disarms the points as if no goroutine had been asked to yield for the quiet period, on the
     * calling thread, and waits for it; returns whether they are disarmed (they stay armed when
     * {@link #ALWAYS}, or when a request came meanwhile). For tests.
     */
    static boolean disarmNow() {
        quiet(System.nanoTime() + quietNanos());
        settle();
        return !armed;
    }

    /** Sets the target to {@link #wanted} now, on the calling thread, and waits for it. For tests. */
    static void settle() {
        synchronized (SETTER_LOCK) {
            follow();
        }
    }

    /**
     * From when a goroutine asked to yield at {@code askedAt} could hear the request at a
     * back-edge: then, if the points were armed; when they were armed, if later. While their
     * arming is still under way, {@code now} (not yet), unless it has been for
     * {@link #ARMING_LIMIT_NANOS}: then {@code askedAt} plus that, as if they were armed then
     * (a setter held up by a loop without a safepoint poll must not keep sysmon from handing the
     * goroutine's P off). Sysmon's deaf rule counts from here.
     */
    static long audibleSince(long askedAt, long now) {
        if (armed) {
            return Math.max(askedAt, armedAt);
        }
        return now - askedAt >= ARMING_LIMIT_NANOS ? askedAt + ARMING_LIMIT_NANOS : now;
    }

    /** Whether the points test requests now. */
    static boolean armed() {
        return armed;
    }

    /**
     * How many times the points were armed since boot: each time, the JVM deoptimized the
     * compiled code that had folded them away. Shown by schedtrace, the live counters, JFR.
     */
    static long arms() {
        return arms.get();
    }

    /** How many times the points were armed or disarmed since boot. */
    static long changes() {
        return changes.get();
    }

    private static void wakeSetter() {
        Thread t = setter;
        if (t == null) {
            synchronized (SETTER_LOCK) {
                t = setter;
                if (t == null) {
                    t = setter = RuntimeThreads.daemon(BackEdges::setterLoop, "gpm4j-backedges");
                    t.start();
                    return;
                }
            }
        }
        LockSupport.unpark(t);
    }

    /** The setter thread: makes the target follow {@link #wanted}, parked between changes. */
    private static void setterLoop() {
        boolean warned = false;
        for (;;) {
            try {
                synchronized (SETTER_LOCK) {
                    follow();
                }
            } catch (Throwable t) {
                // the JVM could not set the target (out of memory, most likely): the points keep
                // their state, sysmon's deaf rule falls back to the hand-off, and the setter tries
                // again in a second
                if (!warned) {
                    warned = true;
                    System.err.println("gpm4j: could not " + (wanted ? "arm" : "disarm")
                            + " the loops' preemption points (" + t + "); trying again each second");
                }
                LockSupport.parkNanos(BackEdges.class, 1_000_000_000L);
                continue;
            }
            if (armed == wanted) {
                LockSupport.park(BackEdges.class);
            }
        }
    }

    /** One step towards {@link #wanted}, under {@link #SETTER_LOCK}. */
    private static void follow() {
        boolean w = wanted;
        if (armed != w) {
            SITE.setTarget(w ? ARMED : DISARMED);
            MutableCallSite.syncAll(new MutableCallSite[] {SITE});
            armedAt = System.nanoTime();
            armed = w;
            changes.incrementAndGet();
            if (w) {
                arms.incrementAndGet();
            }
        }
    }
}
