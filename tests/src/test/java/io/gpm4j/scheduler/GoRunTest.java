package io.gpm4j.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GoRunTest {
    @Test
    void runRunsMainAsAGoroutineAndReturnsWhenItReturns() {
        long[] id = new long[1];
        Go.run(() -> id[0] = Go.goid());
        assertTrue(id[0] > 0);
        assertEquals(0, Go.goid(), "a plain thread has no goroutine id");
    }

    @Test
    void goroutinesStartedFromMainAllRun() {
        AtomicInteger done = new AtomicInteger();
        Go.run(() -> {
            for (int i = 0; i < 1000; i++) {
                Go.go(done::incrementAndGet);
            }
            while (done.get() < 1000) {
                Go.gosched();
            }
        });
        assertEquals(1000, done.get());
    }

    @Test
    void runRethrowsWhatMainThrows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Go.run(() -> {
                    throw new IllegalArgumentException("boom");
                }));
        assertEquals("boom", e.getMessage());
    }
}
