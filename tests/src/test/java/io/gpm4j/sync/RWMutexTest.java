package io.gpm4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.TestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** sync.RWMutex: shared readers, exclusive writers, writer preference, misuse. */
class RWMutexTest {
    /** All readers are inside at the same time. */
    @Test
    void readersHoldTheLockTogether() {
        Go.run(() -> {
            RWMutex rw = new RWMutex();
            int n = 50;
            AtomicInteger inside = new AtomicInteger();
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    rw.rLock();
                    inside.incrementAndGet();
                    // stay inside until every reader is: only possible if they share the lock
                    SyncTestSupport.goAwait("all readers inside", 10, () -> inside.get() == n);
                    rw.rUnlock();
                    wg.done();
                });
            }
            wg.await();
            assertEquals(0, rw.readerCount());
        });
    }

    /** Writers exclude readers and each other; goroutines on 2 Ps and a plain thread mix. */
    @Test
    void aWriterIsExclusive() throws Exception {
        TestSupport.withProcs(2, () -> {
            RWMutex rw = new RWMutex();
            AtomicInteger readers = new AtomicInteger();
            AtomicInteger writers = new AtomicInteger();
            AtomicInteger violations = new AtomicInteger();
            int[] plain = {0}; // written only under the write lock
            int goroutines = 40;
            int rounds = 300;
            int threadWrites = 2_000;
            CountDownLatch finished = new CountDownLatch(goroutines + 1);
            for (int g = 0; g < goroutines; g++) {
                boolean writer = g % 4 == 0;
                Go.go(() -> {
                    for (int i = 0; i < rounds; i++) {
                        if (writer) {
                            rw.lock();
                            if (writers.incrementAndGet() != 1 || readers.get() != 0) {
                                violations.incrementAndGet();
                            }
                            plain[0]++;
                            if (i % 10 == 0) {
                                Go.gosched();
                            }
                            writers.decrementAndGet();
                            rw.unlock();
                        } else {
                            rw.rLock();
                            readers.incrementAndGet();
                            if (writers.get() != 0) {
                                violations.incrementAndGet();
                            }
                            if (i % 10 == 0) {
                                Go.gosched();
                            }
                            readers.decrementAndGet();
                            rw.rUnlock();
                        }
                    }
                    finished.countDown();
                });
            }
            Thread t = new Thread(() -> {
                for (int i = 0; i < threadWrites; i++) {
                    rw.lock();
                    if (writers.incrementAndGet() != 1 || readers.get() != 0) {
                        violations.incrementAndGet();
                    }
                    plain[0]++;
                    writers.decrementAndGet();
                    rw.unlock();
                }
                finished.countDown();
            });
            t.start();
            assertTrue(finished.await(30, TimeUnit.SECONDS), finished.getCount() + " never finished\n" + Go.stack(true));
            t.join();
            assertEquals(0, violations.get());
            rw.rLock();
            assertEquals(goroutines / 4 * rounds + threadWrites, plain[0]);
            rw.rUnlock();
            assertEquals(0, rw.readerCount());
        });
    }

    /**
     * Writer preference, deterministic on one P: with a reader inside, a writer waits; a reader
     * that arrives after it waits too, and gets in only after the writer is done.
     */
    @Test
    void aReaderArrivingAfterAWaitingWriterGoesAfterIt() throws Exception {
        TestSupport.withProcs(1, () -> Go.run(() -> {
            RWMutex rw = new RWMutex();
            List<String> order = new ArrayList<>(); // one P: the goroutines take turns
            WaitGroup wg = new WaitGroup();
            wg.add(2);
            rw.rLock();
            Go.go(() -> {
                rw.lock();
                order.add("writer");
                rw.unlock();
                wg.done();
            });
            SyncTestSupport.goAwait("the writer to announce itself", 10, () -> rw.readerCount() < 0);
            Go.go(() -> {
                rw.rLock();
                order.add("late reader");
                rw.rUnlock();
                wg.done();
            });
            SyncTestSupport.goAwait("the late reader to queue", 10, () -> rw.readerCount() == 2 - RWMutex.MAX_READERS);
            order.add("first reader leaves");
            rw.rUnlock();
            wg.await();
            assertEquals(List.of("first reader leaves", "writer", "late reader"), order);
            assertEquals(0, rw.readerCount());
        }));
    }

    /** A stream of overlapping readers (there is always one inside) does not keep writers out. */
    @Test
    void writersAreNotStarvedByAStreamOfReaders() throws Exception {
        TestSupport.withProcs(2, () -> {
            RWMutex rw = new RWMutex();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            int readers = 6;
            CountDownLatch readersDone = new CountDownLatch(readers);
            for (int r = 0; r < readers; r++) {
                Go.go(() -> {
                    while (!stop.get()) {
                        rw.rLock();
                        reads.incrementAndGet();
                        Go.gosched(); // stay inside a while, so readers overlap
                        rw.rUnlock();
                    }
                    readersDone.countDown();
                });
            }
            SyncTestSupport.awaitTrue("readers to stream", 10, () -> reads.get() > 1_000);
            // a plain thread and a goroutine write 50 times each while the readers go on
            CountDownLatch writersDone = new CountDownLatch(2);
            Runnable writer = () -> {
                for (int i = 0; i < 50; i++) {
                    rw.lock();
                    rw.unlock();
                }
                writersDone.countDown();
            };
            Go.go(writer);
            new Thread(writer).start();
            boolean ok = writersDone.await(20, TimeUnit.SECONDS);
            long readsAtEnd = reads.get();
            stop.set(true);
            assertTrue(readersDone.await(10, TimeUnit.SECONDS));
            assertTrue(ok, "writers starved\n" + Go.stack(true));
            assertTrue(readsAtEnd > 1_000);
        });
    }

    @Test
    void misuseThrowsAndLeavesTheLockUsable() {
        RWMutex rw = new RWMutex();
        IllegalStateException e = assertThrows(IllegalStateException.class, rw::rUnlock);
        assertEquals("sync: RUnlock of unlocked RWMutex", e.getMessage());
        e = assertThrows(IllegalStateException.class, rw::unlock);
        assertEquals("sync: Unlock of unlocked RWMutex", e.getMessage());
        assertEquals(0, rw.readerCount());
        rw.lock();
        e = assertThrows(IllegalStateException.class, rw::rUnlock, "write-locked, no reader");
        assertEquals("sync: RUnlock of unlocked RWMutex", e.getMessage());
        rw.unlock();
        rw.rLock();
        rw.rUnlock();
        rw.lock();
        rw.unlock();
        assertEquals(0, rw.readerCount());
    }

    @Test
    void blockedReadersAndWritersShowTheirWaitReasons() {
        Go.run(() -> {
            RWMutex rw = new RWMutex();
            long[] ids = {0, 0};
            WaitGroup wg = new WaitGroup();
            wg.add(2);
            rw.rLock();
            Go.go(() -> {
                ids[0] = Go.goid();
                rw.lock(); // waits for our read lock
                rw.unlock();
                wg.done();
            });
            SyncTestSupport.goAwait("the writer to start", 10, () -> ids[0] != 0);
            SyncTestSupport.awaitWaitReason(ids[0], "sync.RWMutex.Lock");
            Go.go(() -> {
                ids[1] = Go.goid();
                rw.rLock(); // waits for the pending writer
                rw.rUnlock();
                wg.done();
            });
            SyncTestSupport.goAwait("the reader to start", 10, () -> ids[1] != 0);
            SyncTestSupport.awaitWaitReason(ids[1], "sync.RWMutex.RLock");
            rw.rUnlock();
            wg.await();
        });
    }
}
