package io.gpm4j.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.runtime.Waiter;
import io.gpm4j.runtime.park.Parking;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Plain threads and goroutines wait for each other through the same Waiter API; Go.go without Go.run. */
class PlainThreadTest {
    @Test
    void aPlainThreadWaitsForAGoroutine() {
        AtomicReference<Waiter> waiter = new AtomicReference<>();
        AtomicLong value = new AtomicLong();
        AtomicLong wokenBy = new AtomicLong();
        Go.go(() -> {
            while (waiter.get() == null) {
                Go.gosched();
            }
            wokenBy.set(Go.goid());
            value.set(42);
            waiter.get().ready();
        });
        assertEquals(0, Go.goid());
        Parking.park((w, l) -> {
            assertEquals(0, w.goid(), "a plain thread's waiter has no goroutine id");
            waiter.set(w);
            return true;
        }, null, "chan receive");
        assertEquals(42, value.get(), "woken only after the goroutine's write");
        assertTrue(wokenBy.get() > 0);
    }

    @Test
    void aParkCancelledByItsUnlockFunctionDoesNotBlockAPlainThread() {
        Parking.park((w, l) -> false, null, "chan receive");
    }

    @Test
    void aPlainThreadWakesAGoroutine() throws Exception {
        AtomicReference<Waiter> waiter = new AtomicReference<>();
        AtomicLong id = new AtomicLong();
        CountDownLatch resumed = new CountDownLatch(1);
        AtomicReference<String> resumedOn = new AtomicReference<>();
        Go.go(() -> {
            id.set(Go.goid());
            Parking.park((w, l) -> {
                waiter.set(w);
                return true;
            }, null, "select");
            resumedOn.set(Thread.currentThread().getName());
            resumed.countDown();
        });
        TestSupport.awaitTrue("the goroutine parked", 10, () -> waiter.get() != null);
        assertEquals(id.get(), waiter.get().goid());
        String dump = Go.stack(true);
        assertTrue(dump.contains("goroutine " + id.get() + " [select]:"), dump);
        assertEquals(1, resumed.getCount(), "still parked");
        waiter.get().ready();
        assertTrue(resumed.await(10, TimeUnit.SECONDS));
        assertTrue(resumedOn.get().matches("gpm4j-m\\d+"), resumedOn.get());
    }

    @Test
    void goFromAPlainThreadWithoutGoRunRunsOnACarrier() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<String> thread = new AtomicReference<>();
        AtomicLong id = new AtomicLong();
        Go.go(() -> {
            thread.set(Thread.currentThread().getName());
            id.set(Go.goid());
            ran.countDown();
        });
        assertTrue(ran.await(10, TimeUnit.SECONDS), "the goroutine ran");
        assertTrue(thread.get().matches("gpm4j-m\\d+"), thread.get());
        assertTrue(id.get() > 0);
    }

    @Test
    void manyGoroutinesFromManyPlainThreadsAllRun() throws Exception {
        int threads = 4;
        int each = 5_000;
        CountDownLatch ran = new CountDownLatch(threads * each);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    Go.go(ran::countDown);
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertTrue(ran.await(20, TimeUnit.SECONDS), ran.getCount() + " never ran");
    }
}
