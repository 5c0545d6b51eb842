package io.gpm4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.TestSupport;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** sync.WaitGroup: many goroutines, waiters in both worlds, misuse. */
class WaitGroupTest {
    @Test
    void theMainGoroutineWaitsForTenThousandGoroutines() throws Exception {
        TestSupport.withProcs(2, () -> Go.run(() -> {
            int n = 10_000;
            WaitGroup wg = new WaitGroup();
            AtomicInteger ran = new AtomicInteger();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    Go.gosched(); // make sure the waiter really waits for some
                    ran.incrementAndGet();
                    wg.done();
                });
            }
            wg.await();
            assertEquals(n, ran.get(), "await returned only after every done");
            assertEquals(0, wg.counter());
            assertEquals(0, wg.waiters());
        }));
    }

    @Test
    void aPlainThreadWaitsForGoroutines() {
        int n = 1_000;
        WaitGroup wg = new WaitGroup();
        AtomicInteger ran = new AtomicInteger();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                Go.gosched();
                ran.incrementAndGet();
                wg.done();
            });
        }
        wg.await();
        assertEquals(n, ran.get());
    }

    /** Several waiters, goroutines and a plain thread, are all released by the last done. */
    @Test
    void everyWaiterIsReleased() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        int goWaiters = 10;
        CountDownLatch released = new CountDownLatch(goWaiters);
        for (int i = 0; i < goWaiters; i++) {
            Go.go(() -> {
                wg.await();
                released.countDown();
            });
        }
        Thread t = new Thread(wg::await);
        t.start();
        SyncTestSupport.awaitTrue("all waiters", 10, () -> wg.waiters() == goWaiters + 1);
        assertEquals(goWaiters, released.getCount(), "nobody passes before the counter is zero");
        Go.go(wg::done);
        assertTrue(released.await(10, TimeUnit.SECONDS));
        t.join(10_000);
        assertTrue(!t.isAlive());
        assertEquals(0, wg.waiters());
        wg.await(); // zero: returns at once
    }

    @Test
    void aNegativeCounterThrowsAndTheCounterStays() {
        WaitGroup wg = new WaitGroup();
        IllegalStateException e = assertThrows(IllegalStateException.class, wg::done);
        assertEquals("sync: negative WaitGroup counter", e.getMessage());
        assertEquals(0, wg.counter());
        wg.add(2);
        e = assertThrows(IllegalStateException.class, () -> wg.add(-3));
        assertEquals("sync: negative WaitGroup counter", e.getMessage());
        assertEquals(2, wg.counter());
        wg.add(-2);
        wg.await();
    }

    @Test
    void aGoroutineBlockedInAwaitShowsItsWaitReason() {
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            long[] id = {0};
            WaitGroup exited = new WaitGroup();
            exited.add(1);
            Go.go(() -> {
                id[0] = Go.goid();
                wg.await();
                exited.done();
            });
            SyncTestSupport.goAwait("the goroutine to start", 10, () -> id[0] != 0);
            String dump = SyncTestSupport.awaitWaitReason(id[0], "sync.WaitGroup.Wait");
            assertTrue(dump.substring(dump.indexOf("goroutine " + id[0] + " [")).contains("io.gpm4j.sync.WaitGroup.await("), dump);
            wg.done();
            exited.await();
        });
    }
}
