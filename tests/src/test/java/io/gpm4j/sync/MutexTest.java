package io.gpm4j.sync;

import org.junit.jupiter.api.Tag;
import io.gpm4j.TestSupport;
import static io.gpm4j.sync.Mutex.LOCKED;
import static io.gpm4j.sync.Mutex.STARVING;
import static io.gpm4j.sync.Mutex.WAITER_SHIFT;
import static io.gpm4j.sync.Mutex.WOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.runtime.SchedProbe;
import io.gpm4j.TestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** sync.Mutex: exclusion under contention in both worlds, starvation mode, tryLock, misuse. */
class MutexTest {
    private static final int ONE_WAITER = 1 << WAITER_SHIFT;

    /** A plain int is safe under the lock: goroutines on 2 Ps and plain threads increment it. */
    @Test
    void heavyContentionAcrossTwoPsAndPlainThreads() throws Exception {
        TestSupport.withProcs(2, () -> {
            Mutex m = new Mutex();
            long pinnedBefore = SchedProbe.pinnedEvents();
            int[] counter = {0};
            int goroutines = 200;
            int perGoroutine = 500;
            int threads = 2;
            int perThread = 20_000;
            CountDownLatch finished = new CountDownLatch(goroutines + threads);
            for (int g = 0; g < goroutines; g++) {
                Go.go(() -> {
                    for (int i = 0; i < perGoroutine; i++) {
                        m.lock();
                        int v = counter[0];
                        if (i % 50 == 0) {
                            Go.gosched(); // hold the lock across a yield: the others must park
                        }
                        counter[0] = v + 1;
                        m.unlock();
                    }
                    finished.countDown();
                });
            }
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                ts[t] = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        m.lock();
                        counter[0]++;
                        m.unlock();
                    }
                    finished.countDown();
                });
                ts[t].start();
            }
            assertTrue(finished.await(30, TimeUnit.SECONDS), finished.getCount() + " never finished\n"
                    + io.gpm4j.runtime.SchedProbe.describe() + Go.stack(true));
            for (Thread t : ts) {
                t.join();
            }
            m.lock();
            assertEquals(goroutines * perGoroutine + threads * perThread, counter[0]);
            m.unlock();
            assertEquals(0, m.state(), "unlocked, no waiters, no flags: " + m);
            assertEquals(pinnedBefore, SchedProbe.pinnedEvents(), "waiting goroutines park, they do not pin their carrier");
        });
    }

    /** A plain thread blocks in lock until a goroutine unlocks. */
    @Test
    void aPlainThreadWaitsForAGoroutineHolder() throws Exception {
        Mutex m = new Mutex();
        CountDownLatch held = new CountDownLatch(1);
        AtomicLong releasedAt = new AtomicLong();
        Go.go(() -> {
            m.lock();
            held.countDown();
            SyncTestSupport.busy(20_000);
            releasedAt.set(System.nanoTime());
            m.unlock();
        });
        assertTrue(held.await(10, TimeUnit.SECONDS));
        m.lock();
        long lockedAt = System.nanoTime();
        m.unlock();
        assertTrue(releasedAt.get() != 0 && lockedAt >= releasedAt.get(), "locked only after the goroutine unlocked");
    }

    @Test
    void tryLockTakesOnlyAFreeMutex() {
        Mutex m = new Mutex();
        assertTrue(m.tryLock());
        assertFalse(m.tryLock(), "already held");
        m.unlock();
        assertTrue(m.tryLock(), "free again");
        m.unlock();
        assertEquals(0, m.state());
    }

    @Test
    void unlockOfAnUnlockedMutexThrowsAndLeavesItUsable() {
        Mutex m = new Mutex();
        IllegalStateException e = assertThrows(IllegalStateException.class, m::unlock);
        assertEquals("sync: unlock of unlocked mutex", e.getMessage());
        m.lock();
        m.unlock();
        e = assertThrows(IllegalStateException.class, m::unlock);
        assertEquals("sync: unlock of unlocked mutex", e.getMessage());
        assertEquals(0, m.state(), "the failed unlock changed nothing");
        assertTrue(m.tryLock());
        m.unlock();
    }

    /**
     * One P, so the run order is fixed. A waiter waits over 1 ms; the holder unlocks (normal
     * mode: the waiter is only woken) and barges back in. The waiter, losing, switches the mutex
     * to starvation mode; the next unlock hands it ownership directly, so a caller that arrives
     * then can neither tryLock nor lock before it. Sysmon may preempt the main goroutine when a
     * loaded machine stretches this past its 10 ms time slice, or hand its P to another M when it
     * catches the main goroutine's thread blocked (a safepoint, a class loading lock) twice in a
     * row, and then the waiter runs out of turn: such a round is repeated (a failure with neither
     * a preemption nor a hand-off is a failure).
     */
    @Tag(TestSupport.EXACT_SCHEDULE) // chaos mode changes the schedule this test checks, by design
    @Test
    void aWaiterThatWaitedOverOneMillisecondGetsTheLockBeforeANewcomer() throws Exception {
        TestSupport.withProcs(1, () -> Go.run(() -> {
            try {
                TestSupport.repeatIfOutOfTurn(10, MutexTest::starvationRound);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
    }

    private static void starvationRound() {
        Mutex m = new Mutex();
        List<String> order = new ArrayList<>(); // guarded by m
        m.lock();
        Go.go(() -> {
            m.lock();
            order.add("waiter");
            m.unlock();
        });
        SyncTestSupport.goAwait("the waiter to queue", 10, () -> m.state() == (LOCKED | ONE_WAITER));
        SyncTestSupport.busy(3_000); // the waiter now waits > 1 ms (we keep the only P)

        m.unlock(); // normal mode: wake the waiter, but it does not own the lock
        assertEquals(WOKEN, m.state(), m.toString());
        m.lock(); // a running caller barges in before the woken waiter runs
        assertEquals(LOCKED | WOKEN, m.state(), m.toString());

        // the waiter runs, fails, and having waited > 1 ms switches to starvation mode
        SyncTestSupport.goAwait("starvation mode", 10, () -> (m.state() & STARVING) != 0);
        assertEquals(LOCKED | STARVING | ONE_WAITER, m.state(), m.toString());

        m.unlock(); // starvation mode: ownership goes to the waiter, LOCKED stays clear
        assertEquals(STARVING | ONE_WAITER, m.state(), m.toString());
        assertFalse(m.tryLock(), "a starving mutex belongs to its waiters");
        m.lock(); // the newcomer queues behind the waiter
        order.add("newcomer");
        m.unlock();
        assertEquals(List.of("waiter", "newcomer"), order);
        assertEquals(0, m.state(), "starvation mode ended with the last waiter: " + m);
    }

    /**
     * Waiters queue FIFO: with nobody barging (one P), they get the lock in arrival order. Again
     * when sysmon took a goroutine out of turn (a loaded machine can stall the carrier past the
     * hand-off threshold between a goroutine's arrival and its lock call: seen on JDK 25).
     */
    @Tag(TestSupport.EXACT_SCHEDULE) // chaos mode changes the schedule this test checks, by design
    @Test
    void manyWaitersOnOnePAllGetTheLock() throws Exception {
        TestSupport.withProcs(1, () -> TestSupport.repeatIfOutOfTurn(5, () -> Go.run(() -> {
            Mutex m = new Mutex();
            List<Integer> arrival = new ArrayList<>(); // one P: the goroutines take turns
            List<Integer> order = new ArrayList<>(); // guarded by m
            m.lock();
            int n = 20;
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                int id = i;
                Go.go(() -> {
                    arrival.add(id);
                    m.lock();
                    order.add(id);
                    m.unlock();
                    wg.done();
                });
            }
            SyncTestSupport.goAwait("all to queue", 10, () -> m.state() >>> WAITER_SHIFT == n);
            m.unlock();
            wg.await();
            assertEquals(arrival, order, "FIFO: the lock goes round in arrival order");
            assertEquals(0, m.state());
        })));
    }

    @Test
    void aGoroutineBlockedInLockShowsItsWaitReason() {
        Go.run(() -> {
            Mutex m = new Mutex();
            m.lock();
            long[] id = {0};
            CountDownLatch got = new CountDownLatch(1);
            Go.go(() -> {
                id[0] = Go.goid();
                m.lock();
                m.unlock();
                got.countDown();
            });
            SyncTestSupport.goAwait("the goroutine to start", 10, () -> id[0] != 0);
            String dump = SyncTestSupport.awaitWaitReason(id[0], "sync.Mutex.Lock");
            m.unlock();
            String frames = dump.substring(dump.indexOf("goroutine " + id[0] + " ["));
            assertTrue(frames.contains("io.gpm4j.sync.Mutex.lock("), dump);
            SyncTestSupport.goAwait("the goroutine to get the lock", 10, () -> got.getCount() == 0);
        });
    }
}
