package io.gpm4j.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.runtime.Waiter;
import io.gpm4j.runtime.park.Parking;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Go.goexit: runs finally blocks, ends only the caller, is not an exception to user catch blocks. */
class GoexitTest {
    @Test
    void outsideAGoroutineItThrows() {
        assertThrows(IllegalStateException.class, Go::goexit);
    }

    @Test
    void goexitRunsFinallyBlocksAndEndsOnlyTheCallingGoroutine() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        AtomicBoolean afterGoexit = new AtomicBoolean();
        AtomicBoolean caughtAsException = new AtomicBoolean();
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        int base = Go.numGoroutine();
        try {
            Go.run(() -> {
                GLatch done = new GLatch(2);
                Go.go(() -> {
                    try {
                        try {
                            deep(3);
                        } catch (RuntimeException e) {
                            caughtAsException.set(true);
                        } finally {
                            events.add("inner finally");
                        }
                        afterGoexit.set(true);
                    } finally {
                        events.add("outer finally");
                        done.countDown();
                    }
                    afterGoexit.set(true);
                });
                // a bystander that runs across the other's exit
                Go.go(() -> {
                    for (int i = 0; i < 10; i++) {
                        Go.gosched();
                    }
                    events.add("bystander done");
                    done.countDown();
                });
                done.await("semacquire");
                events.add("main goes on");
            });
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(saved);
        }
        assertFalse(afterGoexit.get(), "nothing after goexit ran");
        assertFalse(caughtAsException.get(), "goexit is not a RuntimeException");
        assertTrue(events.indexOf("inner finally") >= 0 && events.indexOf("inner finally") < events.indexOf("outer finally"),
                "finally blocks ran innermost first: " + events);
        assertTrue(events.contains("bystander done"), events.toString());
        assertEquals("main goes on", events.get(events.size() - 1));
        assertEquals(List.of(), uncaught, "goexit is not an uncaught exception");
        TestSupport.awaitTrue("goroutines gone", 5, () -> Go.numGoroutine() == base);
    }

    private static void deep(int n) {
        if (n == 0) {
            Go.goexit();
        }
        deep(n - 1);
    }

    @Test
    void goexitAfterAParkRunsTheFinallyBlocksOfTheResumedFrames() {
        AtomicReference<Waiter> parked = new AtomicReference<>();
        List<String> events = new CopyOnWriteArrayList<>();
        Go.run(() -> {
            GLatch done = new GLatch(1);
            Go.go(() -> {
                try {
                    Parking.park((w, l) -> {
                        parked.set(w);
                        return true;
                    }, null, "test wait");
                    events.add("resumed");
                    Go.goexit();
                    events.add("after goexit");
                } finally {
                    events.add("finally");
                    done.countDown();
                }
            });
            while (parked.get() == null) {
                Go.gosched();
            }
            parked.get().ready();
            done.await("semacquire");
        });
        assertEquals(List.of("resumed", "finally"), events);
    }
}
