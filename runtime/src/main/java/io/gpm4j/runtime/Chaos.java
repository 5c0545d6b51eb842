package io.gpm4j.runtime;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Chaos mode: a testing aid that makes a goroutine yield at about one in N preemption points, at
 * random, so that any test suite run under it also checks suspend-and-resume in the middle of real
 * code. Configured once, when this class is first loaded, from the system properties
 * {@value #CHAOS_PROPERTY} (N, a positive integer; absent, zero or bad: off) and
 * {@value #SEED_PROPERTY} (the seed, a long; absent: drawn from the clock). The agent's options
 * {@code chaos=N,chaosseed=S} set them before any goroutine runs.
 *
 * <p>About one in K (the system property {@value #STALL_PROPERTY}, the agent's {@code chaosstall=K};
 * {@value #DEFAULT_STALL_ONE_IN} unless set; 0: never) of the points where the coin comes up
 * <em>stalls</em> instead of yielding: the goroutine holds
 * its carrier, parked in the JDK for {@link #STALL_NANOS} ns, as if it had called a blocking
 * method, and sysmon is asked to look at once, so that it hands the P to another M as it would for
 * a real blocking call. The goroutine then goes on without a P until its next preemption point,
 * and parks, readies and spawns from an M without one: the paths of Go's system calls, which a
 * suite otherwise meets only when a test blocks in the JDK at the right moment (the lost poller
 * that {@code HandOffTest} now covers hid there). An M stalls at most once per
 * {@link #STALL_INTERVAL_NANOS} ns, so a suite runs at most about a tenth slower for it.
 *
 * <p>Each M flips its own xorshift coin, seeded from the seed and the M's id, so a run is
 * replayable as far as the scheduler's interleaving is: the same seed gives each M the same
 * sequence of flips. Off (the default), {@link #ENABLED} is a constant false and the JIT removes
 * the test from every preemption point.
 */
final class Chaos {
    /** The system property holding N. */
    static final String CHAOS_PROPERTY = "gpm4j.chaos";
    /** The system property holding the seed. */
    static final String SEED_PROPERTY = "gpm4j.chaosseed";
    /** The system property holding K: about one in K coins that come up stalls. */
    static final String STALL_PROPERTY = "gpm4j.chaosstall";
    /** K when {@value #STALL_PROPERTY} is not set. */
    static final int DEFAULT_STALL_ONE_IN = 8;
    /** How long a stall holds the carrier: a few of sysmon's looks, past its 50 µs grace. */
    static final long STALL_NANOS = 200_000;
    /** The least time between two stalls of one M. */
    static final long STALL_INTERVAL_NANOS = 2_000_000;

    /** About one in this many preemption points yields; 0 when chaos mode is off. */
    static final int ONE_IN;
    /** Whether chaos mode is on. */
    static final boolean ENABLED;
    /** The seed every M's coin starts from. */
    static final long SEED;
    /** About one in this many coins that come up stalls instead of yielding; 0: never. */
    static final int STALL_ONE_IN;
    /** Stalls so far. */
    private static final AtomicLong stalls = new AtomicLong();

    static {
        int n = wholeNumber(CHAOS_PROPERTY, 0, "(not a positive integer); chaos mode is off");
        long seed = System.nanoTime();
        String s = System.getProperty(SEED_PROPERTY);
        if (s != null) {
            try {
                seed = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                System.err.println("gpm4j: ignoring " + SEED_PROPERTY + "=" + s + " (not a long); the seed is " + seed);
            }
        }
        int k = wholeNumber(STALL_PROPERTY, DEFAULT_STALL_ONE_IN,
                "(not a whole number); stalls are one in " + DEFAULT_STALL_ONE_IN);
        ONE_IN = n;
        ENABLED = n > 0;
        SEED = seed;
        STALL_ONE_IN = k;
    }

    private Chaos() {
    }

    /**
     * The system property {@code name} as a whole number (a negative one counts as 0), or
     * {@code otherwise} when it is absent or not a number, which is reported with {@code why}.
     */
    private static int wholeNumber(String name, int otherwise, String why) {
        String v = System.getProperty(name);
        if (v == null) {
            return otherwise;
        }
        try {
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            System.err.println("gpm4j: ignoring " + name + "=" + v + " " + why);
            return otherwise;
        }
    }

    /**
     * One flip of the coin of the M running {@code c}'s goroutine: true (yield) about once in
     * {@link #ONE_IN}, except that about one in {@link #STALL_ONE_IN} of those stalls instead
     * ({@link #stall}) and answers false. False for a continuation that is not a goroutine. Owner
     * M only.
     */
    static boolean flip(Continuation c) {
        if (!(c instanceof G)) {
            return false;
        }
        G g = (G) c;
        M m = g.m;
        if (m == null) {
            return false;
        }
        long x = m.chaosState;
        if (x == 0) {
            x = SEED ^ (m.id * 0x9E3779B97F4A7C15L);
            if (x == 0) {
                x = 1;
            }
        }
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        m.chaosState = x;
        if (Long.remainderUnsigned(x, ONE_IN) != 0) {
            return false;
        }
        // the high half decides, independent enough of the low bits the remainder above used
        if (STALL_ONE_IN > 0 && Integer.remainderUnsigned((int) (x >>> 32), STALL_ONE_IN) == 0 && stall(m)) {
            return false;
        }
        return true;
    }

    /**
     * Holds {@code m}'s carrier for {@link #STALL_NANOS}, parked in the JDK with its goroutine
     * mounted, unless it stalled less than {@link #STALL_INTERVAL_NANOS} ago; returns whether it
     * did. Sysmon is woken first so that it sees the park and retakes the P (when Go's rules let
     * it: work is waiting, or no other P is idle or spinning), not at the end of its back-off.
     * An interrupt pending on the carrier ends the park at once and stays pending. Owner M only.
     */
    private static boolean stall(M m) {
        long now = System.nanoTime();
        if (m.chaosStallAt != 0 && now - m.chaosStallAt < STALL_INTERVAL_NANOS) {
            return false;
        }
        m.chaosStallAt = now;
        stalls.incrementAndGet();
        Sched.get().sysmon().poke();
        LockSupport.parkNanos(STALL_NANOS);
        return true;
    }

    /** Stalls so far. */
    static long stalls() {
        return stalls.get();
    }
}
