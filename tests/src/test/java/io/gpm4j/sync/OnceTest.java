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

/** sync.Once: one call runs f, and every caller returns after f finished. */
class OnceTest {
    @Test
    void concurrentCallersRunFOnceAndAllReturnAfterIt() throws Exception {
        TestSupport.withProcs(2, () -> {
            Once once = new Once();
            AtomicInteger calls = new AtomicInteger();
            int[] finished = {0}; // plain: Once must publish f's writes to every caller
            AtomicInteger early = new AtomicInteger();
            Runnable f = () -> {
                calls.incrementAndGet();
                for (int i = 0; i < 20; i++) {
                    Go.gosched(); // f suspends: the other callers must wait, parked
                }
                SyncTestSupport.busy(2_000);
                finished[0] = 1;
            };
            int goroutines = 100;
            int threads = 3;
            CountDownLatch returned = new CountDownLatch(goroutines + threads);
            Runnable caller = () -> {
                once.run(f);
                if (finished[0] != 1) {
                    early.incrementAndGet();
                }
                returned.countDown();
            };
            for (int i = 0; i < goroutines; i++) {
                Go.go(caller);
            }
            for (int i = 0; i < threads; i++) {
                new Thread(caller).start();
            }
            assertTrue(returned.await(20, TimeUnit.SECONDS), returned.getCount() + " never returned\n" + Go.stack(true));
            assertEquals(1, calls.get(), "f ran exactly once");
            assertEquals(0, early.get(), "no caller returned before f finished");
            assertTrue(once.isDone());
            once.run(() -> calls.incrementAndGet());
            assertEquals(1, calls.get(), "later calls do not run their function");
        });
    }

    @Test
    void aFunctionThatThrowsCountsAsDone() {
        Once once = new Once();
        assertThrows(IllegalArgumentException.class, () -> once.run(() -> {
            throw new IllegalArgumentException("boom");
        }));
        AtomicInteger calls = new AtomicInteger();
        once.run(calls::incrementAndGet);
        assertEquals(0, calls.get());
    }
}
