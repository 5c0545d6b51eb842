package io.gpm4j.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress tests of the local run queue's lock-free protocol: the owner P's put and get against
 * a thief's steal-half, and the runnext slot that the owner sets and anyone may CAS to null.
 * Go: runqput, runqget, runqgrab, runqsteal (runtime/proc.go).
 *
 * <p>Each result is a set of G bits (see {@link RunQueues}): what the owner took, what the thief
 * stole, and what the arbiter found left in the victim afterwards. The property is the same in
 * every test: each G is taken exactly once, by exactly one party. A bit in two results, a bit in
 * none, or {@link RunQueues#DUPLICATE} is a broken queue. The ACCEPTABLE outcomes list every
 * order the protocol allows; everything else is FORBIDDEN.
 *
 * <p>Only two actors per test, so that every test is scheduled on a 2-CPU machine (jcstress
 * runs no test with more actors than CPUs).
 */
public final class RunQueueStress {
    private RunQueueStress() {
    }

    /** Go: runqget vs runqgrab on a ring of three. */
    @JCStressTest
    @Description("The owner's get races a thief stealing half of a ring of three: G0 G1 G2.")
    @Outcome(id = "1, 2, 4", expect = ACCEPTABLE, desc = "Owner first: it takes G0, the thief half of the other two (G1), G2 stays.")
    @Outcome(id = "4, 3, 0", expect = ACCEPTABLE, desc = "Thief first: it takes G0 and G1 (half, rounded up), the owner G2.")
    @Outcome(expect = FORBIDDEN, desc = "A G lost, or taken twice.")
    @State
    public static class GetVsSteal {
        final RunQueue victim = RunQueues.newQueue();
        final RunQueue thief = RunQueues.newQueue();

        public GetVsSteal() {
            RunQueues.put(victim, 0, false);
            RunQueues.put(victim, 1, false);
            RunQueues.put(victim, 2, false);
        }

        @Actor
        public void owner(III_Result r) {
            r.r1 = RunQueues.get(victim);
        }

        @Actor
        public void thief(III_Result r) {
            r.r2 = RunQueues.steal(victim, thief, false);
        }

        @Arbiter
        public void rest(III_Result r) {
            r.r3 = RunQueues.drain(victim);
        }
    }

    /** Go: runqput's store-release of the tail vs runqgrab's load-acquire of it. */
    @JCStressTest
    @Description("The owner puts G1 then G2 behind G0 while a thief steals half: the thief must never see a slot before it is published.")
    @Outcome(id = "1, 6", expect = ACCEPTABLE, desc = "The thief saw one or two Gs and took G0; G1 and G2 stay.")
    @Outcome(id = "3, 4", expect = ACCEPTABLE, desc = "The thief saw all three and took G0 and G1; G2 stays.")
    @Outcome(expect = FORBIDDEN, desc = "A G lost, taken twice, or a slot read before it was written.")
    @State
    public static class PutVsSteal {
        final RunQueue victim = RunQueues.newQueue();
        final RunQueue thief = RunQueues.newQueue();

        public PutVsSteal() {
            RunQueues.put(victim, 0, false);
        }

        @Actor
        public void owner() {
            RunQueues.put(victim, 1, false);
            RunQueues.put(victim, 2, false);
        }

        @Actor
        public void thief(II_Result r) {
            r.r1 = RunQueues.steal(victim, thief, false);
        }

        @Arbiter
        public void rest(II_Result r) {
            r.r2 = RunQueues.drain(victim);
        }
    }

    /** Go: runqget's CAS of runnext vs runqgrab's CAS of runnext. */
    @JCStressTest
    @Description("The ring is empty and G0 is runnext: the owner's get races a thief that may steal runnext.")
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "The owner took G0.")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "The thief took G0.")
    @Outcome(expect = FORBIDDEN, desc = "G0 lost, or taken by both.")
    @State
    public static class RunnextGetVsSteal {
        final RunQueue victim = RunQueues.newQueue();
        final RunQueue thief = RunQueues.newQueue();

        public RunnextGetVsSteal() {
            RunQueues.put(victim, 0, true);
        }

        @Actor
        public void owner(III_Result r) {
            r.r1 = RunQueues.get(victim);
        }

        @Actor
        public void thief(III_Result r) {
            r.r2 = RunQueues.steal(victim, thief, true);
        }

        @Arbiter
        public void rest(III_Result r) {
            r.r3 = RunQueues.drain(victim);
        }
    }

    /**
     * Go: runqput with next=true (the displaced runnext is kicked to the tail) vs runqgrab taking
     * runnext. The thief looks at runnext only when the ring is empty; between the owner's swap of
     * runnext and its put of the displaced G the thief can take the new runnext, and then the old
     * one is found in the ring: no order of the two calls explains that, but nothing is lost, and
     * Go allows it too.
     */
    @JCStressTest
    @Description("G0 is runnext; the owner puts G1 as runnext (kicking G0 to the ring) while a thief steals, runnext included.")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The thief took G0 (as runnext, or from the ring after the kick); G1 stays runnext.")
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "The thief took the new runnext G1 while G0 was being kicked; G0 stays in the ring.")
    @Outcome(id = "0, 3", expect = ACCEPTABLE, desc = "The thief's runnext CAS lost to the owner's swap: it took nothing (gpm4j gives up; Go retries).")
    @Outcome(expect = FORBIDDEN, desc = "A G lost, or taken twice.")
    @State
    public static class RunnextKickVsSteal {
        final RunQueue victim = RunQueues.newQueue();
        final RunQueue thief = RunQueues.newQueue();

        public RunnextKickVsSteal() {
            RunQueues.put(victim, 0, true);
        }

        @Actor
        public void owner() {
            RunQueues.put(victim, 1, true);
        }

        @Actor
        public void thief(II_Result r) {
            r.r1 = RunQueues.steal(victim, thief, true);
        }

        @Arbiter
        public void rest(II_Result r) {
            r.r2 = RunQueues.drain(victim);
        }
    }

    /**
     * Everything at once: the owner kicks runnext into a ring of two and takes one G, while a
     * thief steals (runnext included) and runs what it stole. Too many orders to list, so the
     * arbiter reduces the three sets to two counts.
     */
    @JCStressTest
    @Description("Ring G0 G1, runnext G2. Owner: put G3 as runnext, then get. Thief: steal with runnext. Counts: Gs taken twice, Gs lost.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Every G taken exactly once.")
    @Outcome(expect = FORBIDDEN, desc = "A G taken twice (r1) or lost (r2).")
    @State
    public static class OwnerVsThief {
        static final int ALL = 0b1111;
        final RunQueue victim = RunQueues.newQueue();
        final RunQueue thief = RunQueues.newQueue();
        int owner;
        int stolen;

        public OwnerVsThief() {
            RunQueues.put(victim, 0, false);
            RunQueues.put(victim, 1, false);
            RunQueues.put(victim, 2, true);
        }

        @Actor
        public void owner() {
            RunQueues.put(victim, 3, true);
            owner = RunQueues.get(victim);
        }

        @Actor
        public void thief() {
            stolen = RunQueues.steal(victim, thief, true);
        }

        @Arbiter
        public void check(II_Result r) {
            int rest = RunQueues.drain(victim);
            int twice = (owner & stolen) | (owner & rest) | (stolen & rest);
            int dupes = Integer.bitCount(twice & ALL);
            if (((owner | stolen | rest) & RunQueues.DUPLICATE) != 0) {
                dupes++;
            }
            r.r1 = dupes;
            r.r2 = Integer.bitCount(ALL & ~(owner | stolen | rest));
        }
    }
}
