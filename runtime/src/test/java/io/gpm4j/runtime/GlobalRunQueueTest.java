package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The global run queue: FIFO, batches, and globrunqget's fair share moved to the taker's P. */
class GlobalRunQueueTest {
    @Test
    void putAndGetAreFifoAndAnEmptyQueueGivesNull() {
        Sched s = new Sched(1, 1);
        P p = s.ps().allp()[0];
        GlobalRunQueue q = new GlobalRunQueue(s.lock);
        synchronized (s.lock) {
            assertNull(q.get(p, 0, 1, s));
            G[] g = TestGs.numbered(3);
            for (G x : g) {
                q.put(x);
            }
            assertEquals(3, q.size());
            for (G x : g) {
                assertSame(x, q.get(p, 1, 1, s));
            }
            assertEquals(0, q.size());
            assertNull(q.get(p, 1, 1, s));
            assertEquals(0, p.runq.size(), "max 1: nothing moved to the local queue");
        }
    }

    @Test
    void putBatchAppendsABatchBehindWhatIsQueued() {
        Sched s = new Sched(1, 1);
        P p = s.ps().allp()[0];
        GlobalRunQueue q = new GlobalRunQueue(s.lock);
        G[] g = TestGs.numbered(4);
        synchronized (s.lock) {
            q.put(g[0]);
            q.putBatch(new G[] {g[1], g[2], g[3], null}, 3);
            assertEquals(4, q.size());
            for (G x : g) {
                assertSame(x, q.get(p, 1, 1, s));
            }
            assertNull(q.get(p, 1, 1, s));
        }
    }

    @Test
    void getTakesOneAndMovesAFairShareToThePsLocalQueue() {
        Sched s = new Sched(1, 2);
        P p = s.ps().allp()[0];
        GlobalRunQueue q = new GlobalRunQueue(s.lock);
        G[] g = TestGs.numbered(10);
        synchronized (s.lock) {
            for (G x : g) {
                q.put(x);
            }
            // n = min(10, 10/2 + 1) = 6: one returned, five to the local queue
            assertSame(g[0], q.get(p, 0, 2, s));
            assertEquals(4, q.size());
            assertEquals(5, p.runq.size());
            for (int i = 1; i <= 5; i++) {
                assertSame(g[i], p.runq.get(), "local queue keeps the global order");
            }
            assertSame(g[6], q.get(p, 0, 2, s)); // n = min(4, 4/2 + 1) = 3
            assertEquals(1, q.size());
            assertEquals(2, p.runq.size());
        }
    }

    @Test
    void getNeverMovesMoreThanHalfALocalQueue() {
        Sched s = new Sched(1, 1);
        P p = s.ps().allp()[0];
        GlobalRunQueue q = new GlobalRunQueue(s.lock);
        G[] g = TestGs.numbered(RunQueue.SIZE * 2);
        synchronized (s.lock) {
            for (G x : g) {
                q.put(x);
            }
            assertSame(g[0], q.get(p, 0, 1, s));
        }
        assertEquals(RunQueue.SIZE / 2 - 1, p.runq.size());
        assertEquals(RunQueue.SIZE * 2 - RunQueue.SIZE / 2, q.size());
    }

    /**
     * The ring wraps, grows while wrapped (a batch landing across the end, then a put that
     * doubles it) and keeps FIFO order through all of it; an emptied ring keeps its size and
     * goes on from where its head is.
     */
    @Test
    void theRingWrapsAndGrowsWhileWrappedKeepingFifoOrder() {
        Sched s = new Sched(1, 1);
        P p = s.ps().allp()[0];
        GlobalRunQueue q = new GlobalRunQueue(s.lock);
        int cap = GlobalRunQueue.INITIAL_CAPACITY;
        G[] g = TestGs.numbered(cap * 40);
        int next = 0;
        int taken = 0;
        synchronized (s.lock) {
            for (; next < cap - 10; next++) {
                q.put(g[next]);
            }
            for (; taken < cap - 20; taken++) {
                assertSame(g[taken], q.get(p, 1, 1, s)); // head near the end now
            }
            G[] batch = java.util.Arrays.copyOfRange(g, next, next + 25);
            q.putBatch(batch, 25); // 10 slots to the end, 15 from index 0
            next += 25;
            for (; next < cap * 40; next++) {
                q.put(g[next]); // grows while wrapped, several times
            }
            assertEquals(next - taken, q.size());
            assertEquals(next - taken, q.goidsLocked().length);
            assertEquals(g[taken].goid, q.goidsLocked()[0]);
            while (taken < next) {
                G got = q.get(p, 0, 1, s);
                assertSame(g[taken++], got, "FIFO across the wrap and the growths");
                G local;
                while ((local = p.runq.get()) != null) {
                    assertSame(g[taken++], local, "FIFO through the local queue");
                }
            }
            assertEquals(0, q.size());
            int grown = ringLength(q);
            assertTrue(grown >= cap * 40, "grown to hold the spike: " + grown);
            for (int i = 0; i < 3 * grown / 2; i++) { // once round the ring and half again, one at a time
                q.put(g[i % g.length]);
                assertSame(g[i % g.length], q.get(p, 1, 1, s));
            }
            assertEquals(grown, ringLength(q), "no growth without need, no shrink");
        }
    }

    private static int ringLength(GlobalRunQueue q) {
        try {
            java.lang.reflect.Field ring = GlobalRunQueue.class.getDeclaredField("ring");
            ring.setAccessible(true);
            return ((G[]) ring.get(q)).length;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
