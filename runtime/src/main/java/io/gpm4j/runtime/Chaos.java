package io.gpm4j.runtime;

/**
 * Chaos mode: a testing aid that makes a goroutine yield at about one in N preemption points, at
 * random, so that any test suite run under it also checks suspend-and-resume in the middle of real
 * code. Configured once, when this class is first loaded, from the system properties
 * {@value #CHAOS_PROPERTY} (N, a positive integer; absent, zero or bad: off) and
 * {@value #SEED_PROPERTY} (the seed, a long; absent: drawn from the clock). The agent's options
 * {@code chaos=N,chaosseed=S} set them before any goroutine runs.
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

    /** About one in this many preemption points yields; 0 when chaos mode is off. */
    static final int ONE_IN;
    /** Whether chaos mode is on. */
    static final boolean ENABLED;
    /** The seed every M's coin starts from. */
    static final long SEED;

    static {
        int n = 0;
        String v = System.getProperty(CHAOS_PROPERTY);
        if (v != null) {
            try {
                n = Math.max(0, Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                System.err.println("gpm4j: ignoring " + CHAOS_PROPERTY + "=" + v + " (not a positive integer); chaos mode is off");
            }
        }
        long seed = System.nanoTime();
        String s = System.getProperty(SEED_PROPERTY);
        if (s != null) {
            try {
                seed = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                System.err.println("gpm4j: ignoring " + SEED_PROPERTY + "=" + s + " (not a long); the seed is " + seed);
            }
        }
        ONE_IN = n;
        ENABLED = n > 0;
        SEED = seed;
    }

    private Chaos() {
    }

    /**
     * One flip of the coin of the M running {@code c}'s goroutine: true about once in
     * {@link #ONE_IN}. False for a continuation that is not a goroutine. Owner M only.
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
        return Long.remainderUnsigned(x, ONE_IN) == 0;
    }
}
