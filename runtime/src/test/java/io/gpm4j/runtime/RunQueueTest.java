package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The local run queue on its own (no scheduler threads): runnext, FIFO order, stealing half,
 * overflow to the global queue, and no G lost or handed out twice under concurrent stealing.
 */
class RunQueueTest {
    /** A private scheduler instance (no Ms are started): overflow goes to its global queue, not the real one. */
    private static Sched privateSched() {
        return new Sched(1, 1);
    }

    private static long[] globalGoids(Sched s) {
        synchronized (s.lock) {
            return s.globalRunq().goidsLocked();
        }
    }

    private static G[] gs(int n) {
        G[] out = new G[n];
        for (int i = 0; i < n; i++) {
            out[i] = new G();
            out[i].goid = i;
        }
        return out;
    }

    @Test
    void getIsFifoAndEmptyQueueReturnsNull() throws Exception {
        Sched s = privateSched();
        RunQueue q = new RunQueue();
        assertTrue(q.isEmpty());
        assertNull(q.get());
        G[] g = gs(10);
        for (G x : g) {
            q.put(x, false, s);
        }
        assertEquals(10, q.size());
        for (G x : g) {
            assertSame(x, q.get());
            assertFalse(q.tookRunnext);
        }
        assertNull(q.get());
        assertTrue(q.isEmpty());
    }

    @Test
    void runnextRunsFirstAndTheDisplacedOneGoesToTheTail() throws Exception {
        Sched s = privateSched();
        RunQueue q = new RunQueue();
        G[] g = gs(4);
        q.put(g[0], false, s);
        q.put(g[1], true, s); // runnext = 1
        q.put(g[2], true, s); // runnext = 2, 1 kicked to the tail behind 0
        q.put(g[3], false, s);
        assertEquals(3, q.size(), "runnext is not counted in the ring");
        assertFalse(q.isEmpty());

        assertSame(g[2], q.get());
        assertTrue(q.tookRunnext, "the runnext G inherits the time slice");
        assertSame(g[0], q.get());
        assertFalse(q.tookRunnext);
        assertSame(g[1], q.get());
        assertSame(g[3], q.get());
        assertNull(q.get());
    }

    @Test
    void stealTakesHalfRoundedUpAndRunnextOnlyWhenAskedAndTheRingIsEmpty() throws Exception {
        Sched s = privateSched();
        RunQueue victim = new RunQueue();
        RunQueue thief = new RunQueue();
        G[] g = gs(6);
        for (int i = 0; i < 5; i++) {
            victim.put(g[i], false, s);
        }
        victim.put(g[5], true, s);

        // 5 in the ring: steal 3 (the oldest), return the last of them, leave 2 in the thief's ring
        G got = steal(victim, thief, false);
        assertSame(g[2], got);
        assertEquals(2, thief.size());
        assertSame(g[0], thief.get());
        assertSame(g[1], thief.get());
        assertNull(thief.get());
        assertEquals(2, victim.size());

        assertSame(g[3], steal(victim, thief, true), "ring not empty: runnext stays");
        assertEquals(0, thief.size(), "1 of 2 stolen: the one returned");
        assertSame(g[4], steal(victim, thief, false));
        assertNull(steal(victim, thief, false), "only runnext is left, and it was not asked for");
        assertFalse(victim.isEmpty());
        assertSame(g[5], steal(victim, thief, true), "runnext taken when the ring is empty");
        assertTrue(victim.isEmpty());
        assertNull(steal(victim, thief, true));
        assertNull(victim.get());
    }

    @Test
    void overflowMovesHalfTheRingAndTheNewGToTheGlobalQueue() throws Exception {
        Sched s = privateSched();
        RunQueue q = new RunQueue();
        G[] g = gs(RunQueue.SIZE + 1);
        for (int i = 0; i < RunQueue.SIZE; i++) {
            q.put(g[i], false, s);
        }
        assertEquals(0, s.globalRunq().size());
        assertEquals(RunQueue.SIZE, q.size());

        q.put(g[RunQueue.SIZE], false, s);
        assertEquals(RunQueue.SIZE / 2 + 1, s.globalRunq().size(), "runqputslow: half the ring plus the new G");
        assertEquals(RunQueue.SIZE / 2, q.size());

        // the global queue holds the oldest half in order, then the new G
        long[] queued = globalGoids(s);
        for (int i = 0; i < RunQueue.SIZE / 2; i++) {
            assertEquals(i, queued[i], "global queue position " + i);
        }
        assertEquals(RunQueue.SIZE, queued[RunQueue.SIZE / 2]);
        // the local ring keeps the newer half, in order
        for (int i = RunQueue.SIZE / 2; i < RunQueue.SIZE; i++) {
            assertSame(g[i], q.get());
        }
        assertNull(q.get());
    }

    @Test
    void overflowOfRunnextKicksTheOldRunnextToTheGlobalQueue() throws Exception {
        Sched s = privateSched();
        RunQueue q = new RunQueue();
        G[] g = gs(RunQueue.SIZE + 2);
        for (int i = 0; i < RunQueue.SIZE; i++) {
            q.put(g[i], false, s);
        }
        q.put(g[RunQueue.SIZE], true, s);
        assertEquals(0, s.globalRunq().size(), "runnext is outside the ring");
        q.put(g[RunQueue.SIZE + 1], true, s); // displaces g[256] into a full ring
        assertEquals(RunQueue.SIZE / 2 + 1, s.globalRunq().size());
        assertSame(g[RunQueue.SIZE + 1], q.get());
        assertTrue(q.tookRunnext);
    }

    /**
     * One owner puts (sometimes as runnext) and gets; several thieves steal into their own
     * queues and drain them. Every G must come out exactly once. Several rounds over the same Gs
     * (a round ends when all are consumed).
     */
    @Test
    void concurrentStealingLosesNothingAndDuplicatesNothing() throws Exception {
        Sched s = privateSched();
        final int total = 200_000;
        final int rounds = 5;
        final int thieves = 3;
        G[] g = gs(total);
        for (int round = 0; round < rounds; round++) {
            stressRound(s, g, thieves, round);
        }
        assertEquals(0, s.globalRunq().size(), "nothing overflowed");
    }

    private static void stressRound(Sched s, G[] g, int thieves, int round) throws Exception {
        final int total = g.length;
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicInteger consumed = new AtomicInteger();
        AtomicInteger stolenBatches = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        RunQueue victim = new RunQueue();
        CountDownLatch start = new CountDownLatch(1);

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < thieves; t++) {
            final int seed = round * 100 + t;
            Thread th = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                RunQueue own = new RunQueue();
                try {
                    start.await();
                    while (consumed.get() < total && failure.get() == null) {
                        G got = steal(victim, own, r.nextBoolean());
                        if (got == null) {
                            Thread.onSpinWait();
                            continue;
                        }
                        stolenBatches.incrementAndGet();
                        take(got, seen, consumed);
                        G more;
                        while ((more = own.get()) != null) {
                            take(more, seen, consumed);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "thief-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }

        SplittableRandom r = new SplittableRandom(42 + round);
        start.countDown();
        int next = 0;
        while (next < total && failure.get() == null) {
            // stay below the ring size: an overflow would put these Gs on the global queue
            int burst = 1 + r.nextInt(64);
            for (int i = 0; i < burst && next < total && victim.size() < RunQueue.SIZE - 1; i++) {
                victim.put(g[next++], r.nextInt(8) == 0, s);
            }
            int gets = r.nextInt(40);
            for (int i = 0; i < gets; i++) {
                G got = victim.get();
                if (got == null) {
                    break;
                }
                take(got, seen, consumed);
            }
        }
        G got;
        while ((got = victim.get()) != null) {
            take(got, seen, consumed);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (consumed.get() < total && failure.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        for (Thread th : threads) {
            th.join(5_000);
        }
        if (failure.get() != null) {
            throw new AssertionError("round " + round + ": a thief failed", failure.get());
        }
        assertEquals(total, consumed.get(), "round " + round + ": every G handed out");
        for (int i = 0; i < total; i++) {
            if (seen.get(i) != 1) {
                throw new AssertionError("round " + round + ": G " + i + " handed out " + seen.get(i) + " times");
            }
        }
        assertTrue(stolenBatches.get() > 0, "the thieves stole something");
    }

    /**
     * Overflow racing with thieves: the owner only puts, so the ring overflows to the global
     * queue every 128 puts while thieves steal. No G may be both stolen and on the global queue,
     * and the global queue must hold exactly what was neither stolen nor left in the ring
     * (runqputslow must move its batch only after its CAS).
     */
    @Test
    void overflowRacingWithThievesKeepsTheGlobalQueueAndStolenGsIntact() throws Exception {
        for (int round = 0; round < 15; round++) {
            overflowRound(round);
        }
    }

    private static void overflowRound(int round) throws Exception {
        Sched s = privateSched();
        final int total = 100_000;
        G[] g = gs(total);
        AtomicIntegerArray stolen = new AtomicIntegerArray(total);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        RunQueue victim = new RunQueue();
        java.util.concurrent.atomic.AtomicBoolean producing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread th = new Thread(() -> {
                RunQueue own = new RunQueue();
                try {
                    while (producing.get() || !victim.isEmpty()) {
                        G got = steal(victim, own, false);
                        while (got != null) {
                            if (stolen.incrementAndGet((int) got.goid) != 1) {
                                throw new AssertionError("G " + got.goid + " stolen twice");
                            }
                            got = own.get();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "overflow-thief-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        for (int i = 0; i < total; i++) {
            victim.put(g[i], false, s);
        }
        producing.set(false);
        for (Thread th : threads) {
            th.join(10_000);
        }
        if (failure.get() != null) {
            throw new AssertionError("round " + round, failure.get());
        }
        int[] where = new int[total];
        for (int i = 0; i < total; i++) {
            if (stolen.get(i) == 1) {
                where[i]++;
            }
        }
        for (long goid : globalGoids(s)) {
            where[(int) goid]++;
        }
        G rest;
        while ((rest = victim.get()) != null) {
            where[(int) rest.goid]++;
        }
        for (int i = 0; i < total; i++) {
            if (where[i] != 1) {
                throw new AssertionError("round " + round + ": G " + i + " found " + where[i] + " times");
            }
        }
    }

    private static void take(G g, AtomicIntegerArray seen, AtomicInteger consumed) {
        int n = seen.incrementAndGet((int) g.goid);
        if (n != 1) {
            throw new AssertionError("G " + g.goid + " handed out " + n + " times");
        }
        consumed.incrementAndGet();
    }

    /** A thief's whole steal, as Sched.stealWork does it (without the back-off): the ring, then runnext. */
    private static G steal(RunQueue victim, RunQueue thief, boolean runnext) {
        G g = victim.stealInto(thief);
        if (g == null && runnext) {
            G next = victim.runnextAlone();
            g = next == null ? null : victim.stealRunnext(thief, next);
        }
        return g;
    }
}
