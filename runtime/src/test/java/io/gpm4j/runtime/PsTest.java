package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Ps on their own (a private scheduler, no M started): the idle list and procresize growing
 * and shrinking GOMAXPROCS, dead Ps drained to the global queue and revived when it grows back.
 */
class PsTest {
    private static P pidleget(Sched s) {
        synchronized (s.lock) {
            return s.ps().pidleget();
        }
    }

    private static void pidleput(Sched s, P p) {
        synchronized (s.lock) {
            s.ps().pidleput(p);
        }
    }

    private static void procresize(Sched s, int n) {
        synchronized (s.lock) {
            s.procresize(n);
        }
    }

    @Test
    void bootMakesGomaxprocsIdlePsNumberedFromZero() {
        Sched s = new Sched(8, 4);
        Ps ps = s.ps();
        assertEquals(4, ps.gomaxprocs());
        assertEquals(4, ps.idleCount());
        P[] all = ps.allp();
        assertEquals(4, all.length);
        for (int i = 0; i < all.length; i++) {
            assertEquals(i, all[i].id);
            assertEquals(P.IDLE, all[i].status);
        }
        assertEquals(1, ps.coprimes()[0]);
        assertEquals(2, ps.coprimes().length, "strides coprime with 4: 1 and 3");
    }

    @Test
    void pidlegetHandsOutEachIdlePOnceAsRunningAndPidleputTakesItBack() {
        Sched s = new Sched(1, 3);
        Set<P> taken = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            P p = pidleget(s);
            assertNotNull(p);
            assertEquals(P.RUNNING, p.status);
            assertNull(p.link);
            assertTrue(taken.add(p), "P" + p.id + " handed out twice");
        }
        assertNull(pidleget(s), "no idle P left");
        assertEquals(0, s.ps().idleCount());
        P first = taken.iterator().next();
        M m = new M(1, Thread.currentThread(), null);
        s.ps().acquirep(m, first);
        assertSame(first, s.ps().releasep(m));
        assertNull(m.p);
        pidleput(s, first);
        assertEquals(1, s.ps().idleCount());
        assertEquals(P.IDLE, first.status);
        assertNull(first.m);
        assertSame(first, pidleget(s), "the idle list gives back what it got");
    }

    @Test
    void shrinkingKillsIdlePsAndGrowingMakesNewOnes() {
        Sched s = new Sched(1, 4);
        P[] before = s.ps().allp();
        procresize(s, 2);
        assertEquals(2, s.ps().gomaxprocs());
        assertEquals(2, s.ps().allp().length);
        assertEquals(2, s.ps().idleCount(), "the dead Ps left the idle list");
        assertEquals(P.DEAD, before[2].status);
        assertEquals(P.DEAD, before[3].status);
        for (int i = 0; i < 2; i++) {
            P p = pidleget(s);
            assertTrue(p.id < 2, "only live Ps are idle: got P" + p.id);
        }
        assertNull(pidleget(s));

        procresize(s, 5);
        P[] after = s.ps().allp();
        assertEquals(5, after.length);
        assertSame(before[0], after[0], "live Ps stay");
        assertTrue(after[2] != before[2], "a dead P is not revived: its M may still hold it");
        assertEquals(P.DEAD, before[2].status);
        for (int i = 2; i < 5; i++) {
            assertEquals(i, after[i].id);
            assertEquals(P.IDLE, after[i].status);
        }
        assertEquals(3, s.ps().idleCount(), "P2, P3, P4 new and idle; P0 and P1 are still taken");
        assertEquals(List.of(1, 2, 3, 4), strides(s), "strides coprime with 5");
    }

    @Test
    void aPKilledWhileItsMHoldsItNeverJoinsTheIdleListTwice() {
        Sched s = new Sched(1, 2);
        P a = pidleget(s);
        P b = pidleget(s); // both taken; P0 stays taken
        P held = a.id == 1 ? a : b;
        M m = new M(1, Thread.currentThread(), null);
        s.ps().acquirep(m, held);
        procresize(s, 1);
        procresize(s, 2); // grows back while the M still holds the dead P
        pidleput(s, s.ps().releasep(m)); // its M gives it back at last: drained, not idled
        assertEquals(1, s.ps().idleCount(), "only the new P1 is idle");
        assertEquals(P.DEAD, held.status);
        P idle = pidleget(s);
        assertEquals(1, idle.id);
        assertTrue(idle != held);
    }

    private static java.util.List<Integer> strides(Sched s) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int c : s.ps().coprimes()) {
            out.add(c);
        }
        return out;
    }

    @Test
    void anIdlePKilledByShrinkingIsDrainedToTheGlobalQueueAtOnce() {
        Sched s = new Sched(1, 2);
        P doomed = s.ps().allp()[1];
        G[] g = TestGs.numbered(3);
        for (G x : g) {
            doomed.runq.put(x, false, s);
        }
        G free = new G();
        free.setStatus(G.DEAD);
        s.freeGs().put(doomed, free);
        procresize(s, 1);
        assertEquals(P.DEAD, doomed.status);
        assertTrue(doomed.runq.isEmpty());
        assertEquals(3, s.globalRunq().size());
        assertEquals(0, doomed.gFreeCount, "its free Gs went to the global free list");
        assertNull(doomed.gFree[0]);
        assertSame(free, s.freeGs().get(null));
        P p0 = s.ps().allp()[0];
        synchronized (s.lock) {
            for (G x : g) {
                assertSame(x, s.globalRunq().get(p0, 1, 1, s), "the global queue keeps the P's order");
            }
        }
    }

    @Test
    void aRunningPKilledByShrinkingIsDrainedWhenItsMGivesItBack() {
        Sched s = new Sched(1, 2);
        P mine = pidleget(s);
        P other = pidleget(s);
        P doomed = mine.id == 1 ? mine : other;
        M m = new M(1, Thread.currentThread(), null);
        s.ps().acquirep(m, doomed);
        G[] g = TestGs.numbered(2);
        doomed.runq.put(g[0], false, s);
        doomed.runq.put(g[1], true, s);
        procresize(s, 1);
        assertEquals(P.DEAD, doomed.status, "marked dead while its M still runs it");
        assertEquals(0, s.globalRunq().size(), "not drained under its M's feet");
        s.ps().acquirep(m, doomed);
        assertEquals(P.DEAD, doomed.status, "acquirep does not revive a P killed in flight");

        pidleput(s, s.ps().releasep(m)); // what handoffp does with a dead P
        assertEquals(2, s.globalRunq().size(), "runnext and ring both drained");
        assertTrue(doomed.runq.isEmpty());
        assertNull(doomed.m);
        assertEquals(0, s.ps().idleCount(), "a dead P never joins the idle list");
    }

    @Test
    void aDeadPsTimersMoveToP0() {
        Sched s = new Sched(1, 2);
        P doomed = s.ps().allp()[1];
        RuntimeTimer t = new RuntimeTimer((arg, now) -> { }, null);
        synchronized (doomed.timers) {
            t.when = 123;
            doomed.timers.add(t);
        }
        procresize(s, 1);
        P p0 = s.ps().allp()[0];
        assertEquals(0, doomed.timers.size());
        assertEquals(1, p0.timers.size());
        assertEquals(123, p0.timers.earliest);
    }

    @Test
    void goroutineCountsSurviveThePsThatAResizeDropped() {
        Sched s = new Sched(8, 4);
        P doomed = s.ps().allp()[3];
        for (int i = 0; i < 5; i++) {
            doomed.countCreated(); // five goroutines made on P3 ...
        }
        procresize(s, 2); // ... which dies
        P survivor = s.ps().allp()[0];
        for (int i = 0; i < 5; i++) {
            survivor.countExited(); // ... and they end on P0
        }
        procresize(s, 3); // growing makes a new P2 and leaves the dead P2 and P3 behind
        procresize(s, 1);
        procresize(s, 4);
        assertEquals(5, s.ps().created(), "P3's creations still count after it was dropped from allp");
        assertEquals(5, s.ps().exited());
        assertEquals(0, s.gs().created() - s.gs().ended(), "no goroutine alive: NumGoroutine does not drift");
    }
}
