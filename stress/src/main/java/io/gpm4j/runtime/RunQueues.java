package io.gpm4j.runtime;

/**
 * The whole surface of {@link RunQueue} that the jcstress tests touch, in one place, so that a
 * change to how a run queue is built or fed changes this class only.
 *
 * <p>The tests name Gs by bit: G {@code i} is {@code 1 << i}, and what an actor took is the OR of
 * its bits. A G handed out twice to the same actor sets {@link #DUPLICATE}; handed to two actors,
 * it shows as the same bit in both results; lost, as a bit in none.
 */
final class RunQueues {
    /** Set in a mask when one actor was handed the same G twice. */
    static final int DUPLICATE = 1 << 30;

    /**
     * The Gs every test state shares: a run queue moves references only and reads nothing of a G,
     * so one set serves all states (a G is heavy: it owns a continuation).
     */
    private static final G[] GS = new G[8];

    static {
        for (int i = 0; i < GS.length; i++) {
            GS[i] = new G();
            GS[i].goid = i;
        }
    }

    private RunQueues() {
    }

    /** A new, empty run queue. */
    static RunQueue newQueue() {
        return new RunQueue();
    }

    /**
     * Puts G {@code i} on {@code q}, as runnext when {@code next}. Owner only. The tests never fill
     * the ring, so no overflow to a global queue (and no scheduler) is involved.
     */
    static void put(RunQueue q, int i, boolean next) {
        q.put(GS[i], next, null);
    }

    /** Takes one G as the owner: its bit, or 0 when the queue is empty. Go: runqget. */
    static int get(RunQueue q) {
        return bit(q.get());
    }

    /**
     * Steals from {@code victim} into {@code thief} (empty, private to the caller) and drains the
     * thief: the bits of every G stolen, 0 when nothing was. With {@code stealRunnext}, takes
     * the runnext when the ring is empty, as {@code Sched.stealRunnext} does (without its pause).
     * Go: runqsteal.
     */
    static int steal(RunQueue victim, RunQueue thief, boolean stealRunnext) {
        G g = victim.stealInto(thief);
        if (g == null && stealRunnext) {
            G next = victim.runnextAlone();
            g = next == null ? null : victim.stealRunnext(thief, next);
        }
        if (g == null) {
            return 0;
        }
        return drain(thief, bit(g));
    }

    /** Takes everything left in {@code q} (runnext and ring): the bits of the Gs taken. Owner only. */
    static int drain(RunQueue q) {
        return drain(q, 0);
    }

    private static int drain(RunQueue q, int mask) {
        G g;
        while ((g = q.get()) != null) {
            mask = add(mask, bit(g));
        }
        return mask;
    }

    private static int add(int mask, int bit) {
        return (mask & bit) != 0 ? mask | DUPLICATE : mask | bit;
    }

    private static int bit(G g) {
        return g == null ? 0 : 1 << g.goid;
    }
}
