package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The back-edge points are armed by a preemption request and disarmed after a quiet period
 * ({@link BackEdges}); disarmed, a point does not see a request, armed it honours it.
 */
class BackEdgesTest {
    private final G g = new G();
    private final M m = new M(-3, Thread.currentThread(), null);

    @BeforeEach
    void disarm() {
        assumeFalse(BackEdges.ALWAYS, "the points are armed for good in this JVM (chaos mode or gpm4j.backedges=always)");
        g.m = m;
        assertTrue(BackEdges.disarmNow(), "disarmed once the quiet period has passed");
    }

    @Test
    void aDisarmedPointLetsARequestWaitAndAnArmedOneHonoursIt() {
        g.preempt = true; // the request alone, as if sysmon's arming had not happened yet
        assertFalse(Frames.preemptAtBackEdge(g));
        assertTrue(g.preempt, "the request waits for an armed point or a prologue");
        assertEquals(M.MCALL_NONE, m.mcall);

        g.requestPreempt();
        BackEdges.settle();
        assertTrue(BackEdges.armed(), "a request arms the points");
        assertTrue(Frames.preemptAtBackEdge(g));
        assertEquals(M.MCALL_PREEMPT, m.mcall, "the M is told that the suspension is a preemption");
        assertFalse(g.preempt, "the request is consumed");
        assertFalse(Frames.preemptAtBackEdge(g), "armed, a point without a request goes on");
    }

    @Test
    void thePointsStayArmedThroughTheQuietPeriodThenDisarm() {
        long changes = BackEdges.changes();
        long arms = BackEdges.arms();
        g.requestPreempt();
        BackEdges.settle();
        long requestedAt = System.nanoTime();
        long quiet = BackEdges.quietNanos();
        BackEdges.quiet(requestedAt + quiet / 2);
        BackEdges.settle();
        assertTrue(BackEdges.armed(), "half a quiet period after the request");
        BackEdges.quiet(requestedAt + quiet);
        BackEdges.settle();
        assertFalse(BackEdges.armed(), "a whole quiet period after it");
        assertEquals(changes + 2, BackEdges.changes(), "armed once, disarmed once");
        assertEquals(arms + 1, BackEdges.arms(), "one arming counted");
    }

    @Test
    void theQuietPeriodDoublesWithEachArmingUpToALimit() {
        long arms = BackEdges.arms();
        long first = BackEdges.QUIET_NANOS;
        long expected = first << Math.min(Math.max(arms - 1, 0), BackEdges.QUIET_DOUBLINGS);
        assertEquals(expected, BackEdges.quietNanos(), "after " + arms + " armings");
        for (int i = 0; i < BackEdges.QUIET_DOUBLINGS + 2; i++) {
            g.requestPreempt();
            BackEdges.settle();
            assertTrue(BackEdges.quietNanos() <= first << BackEdges.QUIET_DOUBLINGS, "never past the limit");
            assertTrue(BackEdges.disarmNow(), "disarmed after its quiet period");
        }
        assertEquals(first << BackEdges.QUIET_DOUBLINGS, BackEdges.quietNanos(), "at the limit after "
                + BackEdges.arms() + " armings");
    }

    @Test
    void theSetterThreadArmsThePointsWithoutHelp() throws InterruptedException {
        g.requestPreempt(); // no settle: the runtime's setter thread does it
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!BackEdges.armed() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(BackEdges.armed(), "armed by gpm4j-backedges within 10 s");
        assertTrue(Frames.preemptAtBackEdge(g));
    }
}
