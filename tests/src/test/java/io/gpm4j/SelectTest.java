package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Go's select semantics, and a stress test where nothing is lost or duplicated. */
class SelectTest {
    private static final AtomicInteger SENDS_ON_CLOSED = new AtomicInteger();

    @Test
    void nilChannelsAreNeverReadyAndDefaultReturnsMinusOne() {
        Chan<Integer> nil = null;
        Chan<Integer> empty = Chan.make();
        assertEquals(-1, Select.trySelect(Select.recv(nil), Select.send(nil, 1), Select.recv(empty)));
        Chan<Integer> ready = Chan.make(1);
        ready.send(7);
        Select.Case<Integer> r = Select.recv(ready);
        assertEquals(1, Select.trySelect(Select.recv(nil), r));
        assertEquals(7, r.value());
        assertTrue(r.ok());
    }

    @Test
    void whenSeveralCasesAreReadyEachIsChosenUniformly() {
        int trials = 6000;
        int[] counts = new int[3];
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        Chan<Integer> c = Chan.make(1);
        for (int t = 0; t < trials; t++) {
            a.send(1);
            b.send(2);
            c.send(3);
            counts[Select.select(Select.recv(a), Select.recv(b), Select.recv(c))]++;
            // drain the two that were not chosen
            while (Select.trySelect(Select.recv(a), Select.recv(b), Select.recv(c)) >= 0) {
                /* drain */
            }
        }
        // each expected 2000; a 3-sigma band is about +-110
        for (int k = 0; k < 3; k++) {
            assertTrue(Math.abs(counts[k] - trials / 3) < 200, "case " + k + " chosen " + counts[k] + " times of " + trials);
        }
    }

    @Test
    void aBlockedSelectIsWokenBySendReceiveOrClose() {
        Go.run(() -> {
            Chan<String> in = Chan.make();
            Chan<String> out = Chan.make();
            Chan<String> closed = Chan.make();
            Go.go(() -> in.send("hello"));
            Select.Case<String> r = Select.recv(in);
            assertEquals(0, Select.select(r, Select.send(out, "never")));
            assertEquals("hello", r.value());

            AtomicInteger got = new AtomicInteger();
            Go.go(() -> got.set(out.recv().length()));
            assertEquals(1, Select.select(Select.recv(in), Select.send(out, "four")));
            while (got.get() == 0) {
                Go.gosched();
            }
            assertEquals(4, got.get());

            Go.go(closed::close);
            Select.Case<String> c = Select.recv(closed);
            assertEquals(1, Select.select(Select.recv(in), c));
            assertNull(c.value());
            assertFalse(c.ok());
        });
    }

    @Test
    void aChosenSendOnAClosedChannelThrows() {
        Chan<Integer> c = Chan.make();
        c.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Select.select(Select.send(c, 1)));
        assertEquals("send on closed channel", e.getMessage());
    }

    @org.junit.jupiter.api.Tag(TestSupport.EXACT_SCHEDULE) // it checks that the closes raced the sends; chaos may serialise them
    @org.junit.jupiter.api.RepeatedTest(3)
    void thousandsOfGoroutinesSelectingOverSharedChannelsWithRandomClosesLoseAndDuplicateNothing() {
        int producers = 1000;
        int each = 50;
        int total = producers * each;
        int consumers = 1000;
        BitSet seen = new BitSet(total);
        AtomicInteger duplicates = new AtomicInteger();
        AtomicLong received = new AtomicLong();
        int procs = Go.gomaxprocs(2);
        long closedBefore = SENDS_ON_CLOSED.get();
        try {
            stress(producers, each, consumers, seen, duplicates, received);
            assertTrue(SENDS_ON_CLOSED.get() > closedBefore, "the closes should race with the sends");
        } finally {
            Go.gomaxprocs(procs);
        }
        assertEquals(0, duplicates.get());
        assertEquals(total, received.get());
        assertEquals(total, seen.cardinality());
    }

    /**
     * Producers select-send unique values over four shared channels while a closer goroutine
     * closes three of them at random moments: a send that throws "send on closed channel" did not
     * deliver, so the producer drops that channel and sends the value elsewhere. The fourth is
     * closed once every producer is done. Consumers select-receive until all four are closed.
     */
    private static void stress(int producers, int each, int consumers, BitSet seen, AtomicInteger duplicates,
                               AtomicLong received) {
        Go.run(() -> {
            @SuppressWarnings("unchecked")
            Chan<Integer>[] chans = new Chan[] {Chan.make(), Chan.make(4), Chan.make(), Chan.make(16)};
            int survivor = java.util.concurrent.ThreadLocalRandom.current().nextInt(4);
            AtomicInteger consumersLeft = new AtomicInteger(consumers);
            for (int k = 0; k < consumers; k++) {
                Go.go(() -> {
                    Chan<Integer>[] mine = chans.clone();
                    int open = mine.length;
                    while (open > 0) {
                        Select.Case<Integer>[] cases = cases(mine);
                        int i = Select.select(cases);
                        if (!cases[i].ok()) {
                            mine[i] = null; // closed: Go's idiom, a nil channel is never ready
                            open--;
                            continue;
                        }
                        int v = cases[i].value();
                        synchronized (seen) {
                            if (seen.get(v)) {
                                duplicates.incrementAndGet();
                            }
                            seen.set(v);
                        }
                        received.incrementAndGet();
                    }
                    consumersLeft.decrementAndGet();
                });
            }
            AtomicInteger producersLeft = new AtomicInteger(producers);
            for (int p = 0; p < producers; p++) {
                int base = p * each;
                Go.go(() -> {
                    Chan<Integer>[] mine = chans.clone();
                    for (int i = 0; i < each; i++) {
                        for (;;) {
                            try {
                                Select.select(Select.send(mine[0], base + i), Select.send(mine[1], base + i),
                                        Select.send(mine[2], base + i), Select.send(mine[3], base + i));
                                break;
                            } catch (IllegalStateException closed) {
                                SENDS_ON_CLOSED.incrementAndGet();
                                for (int k = 0; k < mine.length; k++) {
                                    if (k != survivor) {
                                        mine[k] = null; // some were closed: keep to the survivor
                                    }
                                }
                            }
                        }
                    }
                    producersLeft.decrementAndGet();
                });
            }
            Go.go(() -> {
                java.util.Random random = new java.util.Random();
                for (int k = 0; k < 4; k++) {
                    if (k != survivor) {
                        io.gpm4j.time.Time.sleep(java.time.Duration.ofMillis(random.nextInt(20)));
                        chans[k].close();
                    }
                }
            });
            while (producersLeft.get() > 0) {
                Go.gosched();
            }
            chans[survivor].close(); // the others were closed by the closer (wait for it)
            while (consumersLeft.get() > 0) {
                Go.gosched();
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Select.Case<Integer>[] cases(Chan<Integer>[] chans) {
        Select.Case<Integer>[] cases = new Select.Case[chans.length];
        for (int i = 0; i < chans.length; i++) {
            cases[i] = Select.recv(chans[i]);
        }
        return cases;
    }
}
