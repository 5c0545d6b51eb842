package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The spinning-M count and the Ms' flags stay in step: counted once per spinning M plus won
 * claims, never negative, and an M that lets go of its P stops being counted.
 * (A count that would go negative is fatal: {@link FatalTest}.)
 */
class SpinningTest {
    private static M newM(long id) {
        return new M(id, Thread.currentThread(), null);
    }

    @Test
    void startCountsAnMOnceAndStopUncountsItOnce() {
        Spinning sp = new Spinning();
        M m = newM(1);
        sp.start(m);
        sp.start(m);
        assertTrue(m.spinning);
        assertEquals(1, sp.count(), "an M counts once however often it starts");
        assertTrue(sp.stop(m));
        assertFalse(m.spinning);
        assertEquals(0, sp.count());
        assertFalse(sp.stop(m), "a second stop is not a spinning M's stop");
        assertEquals(0, sp.count(), "never below zero");
    }

    @Test
    void onlyOneClaimWhileNoMSpinsAndItGoesToTheMStartedOrBack() {
        Spinning sp = new Spinning();
        assertTrue(sp.claim());
        assertFalse(sp.claim(), "one spinning M is enough");
        assertEquals(1, sp.count());
        sp.unclaim(); // startm found no idle P
        assertEquals(0, sp.count());

        assertTrue(sp.claim());
        M m = newM(1);
        sp.handTo(m);
        assertTrue(m.spinning);
        assertEquals(1, sp.count(), "handing over does not count twice");
        sp.start(m);
        assertEquals(1, sp.count());
        assertTrue(sp.stop(m));
        assertEquals(0, sp.count());

        M other = newM(2);
        sp.start(other);
        assertFalse(sp.claim(), "an M spins already");
        sp.stop(other);
    }

    @Test
    void anMMayStartSpinningOnlyWhileFewerThanHalfTheBusyPsHaveASpinner() {
        Spinning sp = new Spinning();
        M a = newM(1);
        M b = newM(2);
        M c = newM(3);
        // 4 Ps, none idle: 2*0 < 4, 2*1 < 4, but not 2*2 < 4
        assertTrue(sp.mayStart(a, 4, 0));
        sp.start(a);
        assertTrue(sp.mayStart(b, 4, 0));
        sp.start(b);
        assertFalse(sp.mayStart(c, 4, 0));
        assertTrue(sp.mayStart(a, 4, 0), "a spinning M goes on spinning");
        assertFalse(sp.mayStart(c, 8, 4), "idle Ps are not busy ones");
        sp.stop(a);
        sp.stop(b);
        assertEquals(0, sp.count());
    }

    @Test
    void concurrentClaimsAndStartsNeverLeaveTheCountOff() throws Exception {
        Spinning sp = new Spinning();
        int threads = 4;
        int rounds = 20_000;
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger claimsWon = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            final int id = t;
            Thread th = new Thread(() -> {
                M m = new M(id, Thread.currentThread(), null);
                try {
                    go.await();
                    for (int i = 0; i < rounds; i++) {
                        if (sp.claim()) {
                            claimsWon.incrementAndGet();
                            if ((i & 1) == 0) {
                                sp.unclaim();
                            } else {
                                sp.handTo(m);
                                sp.stop(m);
                            }
                        }
                        sp.start(m);
                        if (sp.count() < 1) {
                            throw new AssertionError("count below the spinning Ms");
                        }
                        sp.stop(m);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            ts.add(th);
            th.start();
        }
        go.countDown();
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(0, sp.count(), "every increment undone");
        assertTrue(claimsWon.get() > 0);
    }

    @Test
    void leavingThePWhileSpinningStopsCountingTheMAndIdlesTheP() {
        Sched s = new Sched(1, 2);
        Spinning sp = s.ms().spinning();
        M looking = newM(1);
        M leaving = newM(2);
        P p1;
        P p2;
        synchronized (s.lock) {
            p1 = s.ps().pidleget();
            p2 = s.ps().pidleget();
        }
        s.ps().acquirep(looking, p1);
        s.ps().acquirep(leaving, p2);
        sp.start(looking);
        sp.start(leaving);
        assertEquals(2, sp.count());

        s.ms().leaveP(leaving);
        assertFalse(leaving.spinning);
        assertNull(leaving.p);
        assertEquals(1, sp.count(), "only the M still looking is counted");
        assertEquals(1, s.ps().idleCount(), "the P went idle (no work, and an M still spins)");
        assertEquals(P.IDLE, p2.status);
        synchronized (s.lock) {
            assertSame(p2, s.ps().pidleget());
        }

        s.ms().leaveP(leaving); // no P, not spinning: nothing to do
        assertEquals(1, sp.count());
        sp.stop(looking);
        assertEquals(0, sp.count());
    }
}
