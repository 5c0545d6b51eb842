package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.runtime.Waiter;
import io.gpm4j.runtime.park.Parking;
import java.util.ArrayList;
import java.util.List;
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
        Object lock = new Object();
        List<String> calls = new ArrayList<>();
        Parking.park((w, l) -> {
            calls.add("unlock goid=" + w.goid() + " lock=" + (l == lock));
            return false; // cancel: the caller must not block
        }, lock, "chan receive");
        // reaching this line at all is the point; the unlock function ran once, with this call's lock
        assertEquals(List.of("unlock goid=0 lock=true"), calls);
    }

    /** A goroutine blocked in a real select shows "select" in the dump; a plain thread's send wakes it. */
    @Test
    void aPlainThreadWakesAGoroutineBlockedInSelect() throws Exception {
        Chan<String> a = Chan.make();
        Chan<String> b = Chan.make();
        AtomicLong id = new AtomicLong();
        CountDownLatch resumed = new CountDownLatch(1);
        AtomicReference<String> got = new AtomicReference<>();
        AtomicReference<String> resumedOn = new AtomicReference<>();
        Select.Case<String> fromA = Select.recv(a);
        Select.Case<String> fromB = Select.recv(b);
        Go.go(() -> {
            id.set(Go.goid());
            int i = Select.select(fromA, fromB);
            got.set(i + ":" + (i == 0 ? fromA.value() : fromB.value()));
            resumedOn.set(Thread.currentThread().getName());
            resumed.countDown();
        });
        TestSupport.awaitTrue("the goroutine parked in select", 30,
                () -> id.get() != 0 && Go.stack(true).contains("goroutine " + id.get() + " [select]:"));
        assertEquals(1, resumed.getCount(), "still parked");
        b.send("hello"); // a plain thread's send completes the goroutine's select
        assertTrue(resumed.await(30, TimeUnit.SECONDS), Go.stack(true));
        assertEquals("1:hello", got.get());
        assertTrue(resumedOn.get().matches("gpm4j-m\\d+"), resumedOn.get());
    }

    /** A goroutine blocked in a real unbuffered send shows "chan send"; a plain thread's receive wakes it. */
    @Test
    void aPlainThreadWakesAGoroutineBlockedInSend() throws Exception {
        Chan<Integer> c = Chan.make();
        AtomicLong id = new AtomicLong();
        CountDownLatch sent = new CountDownLatch(1);
        Go.go(() -> {
            id.set(Go.goid());
            c.send(42);
            sent.countDown();
        });
        TestSupport.awaitTrue("the goroutine parked in send", 30,
                () -> id.get() != 0 && Go.stack(true).contains("goroutine " + id.get() + " [chan send]:"));
        assertEquals(1, sent.getCount(), "the send has no receiver yet");
        assertEquals(42, c.recv());
        assertTrue(sent.await(30, TimeUnit.SECONDS), Go.stack(true));
    }

    /** The Waiter API underneath: a plain thread readies a goroutine parked through Parking. */
    @Test
    void aPlainThreadReadiesAParkedGoroutinesWaiter() throws Exception {
        AtomicReference<Waiter> waiter = new AtomicReference<>();
        AtomicLong id = new AtomicLong();
        CountDownLatch resumed = new CountDownLatch(1);
        Go.go(() -> {
            id.set(Go.goid());
            Parking.park((w, l) -> {
                waiter.set(w);
                return true;
            }, null, "test wait");
            resumed.countDown();
        });
        TestSupport.awaitTrue("the goroutine parked", 30, () -> waiter.get() != null);
        assertEquals(id.get(), waiter.get().goid());
        assertEquals(1, resumed.getCount(), "still parked");
        waiter.get().ready();
        assertTrue(resumed.await(30, TimeUnit.SECONDS));
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
