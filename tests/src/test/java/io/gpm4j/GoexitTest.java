package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Goexit in the main goroutine of a Go.run call. Go's main would stop without returning while
     * the other goroutines run on (and the program would end in "no goroutines (main called
     * runtime.Goexit) - deadlock!" once they are gone); here Go.run's contract is that it returns
     * when main's goroutine ends: it runs main's finally blocks, skips the rest of main, returns
     * normally (no exception, no uncaught report), and the goroutines main started run on.
     */
    @Test
    void goexitInTheMainGoroutineEndsGoRunNormallyAfterItsFinallyBlocks() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        io.gpm4j.Chan<String> release = io.gpm4j.Chan.make();
        java.util.concurrent.CountDownLatch childDone = new java.util.concurrent.CountDownLatch(1);
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            Go.run(() -> {
                Go.go(() -> {
                    events.add("child got " + release.recv());
                    childDone.countDown();
                });
                try {
                    events.add("main before goexit");
                    Go.goexit();
                    events.add("main after goexit");
                } finally {
                    events.add("main finally");
                }
                events.add("main end");
            });
            events.add("Go.run returned");
            release.send("go on"); // the child outlived main, still parked on its channel
            assertTrue(childDone.await(30, java.util.concurrent.TimeUnit.SECONDS), Go.stack(true));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(saved);
        }
        assertEquals(List.of("main before goexit", "main finally", "Go.run returned", "child got go on"), events);
        assertTrue(uncaught.isEmpty(), uncaught.toString());
    }
}
