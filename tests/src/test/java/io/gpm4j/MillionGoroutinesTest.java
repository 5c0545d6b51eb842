package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** A million goroutines come and go; NumGoroutine returns to where it was. */
class MillionGoroutinesTest {
    @Test
    void aMillionGoroutinesAllRunAndAllAreGoneAfterwards() throws Exception {
        int n = 1_000_000;
        int base = Go.numGoroutine();
        LongAdder ran = new LongAdder();
        AtomicInteger peak = new AtomicInteger();
        Go.run(() -> {
            GLatch done = new GLatch(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    ran.increment();
                    done.countDown();
                });
                if ((i & 0xffff) == 0) {
                    peak.accumulateAndGet(Go.numGoroutine(), Math::max);
                }
            }
            done.await("semacquire");
        });
        assertEquals(n, ran.sum());
        assertTrue(peak.get() > base, "goroutines were counted while alive");
        // the last goroutines may still be in goexit after counting down
        TestSupport.awaitTrue("NumGoroutine back to " + base, 5, () -> Go.numGoroutine() == base);
    }
}
