package io.gpm4j;

import static io.gpm4j.TestSupport.awaitTrue;
import static io.gpm4j.TestSupport.busy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.runtime.SchedProbe;
import io.gpm4j.time.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** GOMAXPROCS changes, read-only calls, and resizing while goroutines run. */
class GomaxprocsTest {
    @Test
    void setReturnsThePreviousValueAndZeroOnlyReads() {
        int previous = Go.gomaxprocs();
        try {
            assertEquals(previous, Go.gomaxprocs(3));
            assertEquals(3, Go.gomaxprocs());
            assertEquals(3, Go.gomaxprocs(0), "n < 1 only reads");
            assertEquals(3, Go.gomaxprocs(-1), "n < 1 only reads");
            assertEquals(3, Go.gomaxprocs(1));
            assertEquals(1, Go.gomaxprocs());
        } finally {
            Go.gomaxprocs(previous);
        }
        assertEquals(previous, Go.gomaxprocs());
    }

    /**
     * A P taken away while it runs keeps its timers until its M gives it back; they move to P 0
     * then, and the M asleep until the earliest timer must hear of them. Here goroutines still
     * running on Ps that GOMAXPROCS took away go to sleep after their Go.run call ended and the
     * scheduler went idle (as a container's plugin left sleeping goroutines behind): every one of
     * them must wake and end.
     */
    @Test
    void sleepersOnPsTakenAwayStillWake() throws Exception {
        int previous = Go.gomaxprocs();
        int before = Go.numGoroutine();
        int rounds = 20;
        int sleepers = 3;
        AtomicInteger woke = new AtomicInteger();
        try {
            for (int round = 0; round < rounds; round++) {
                Go.gomaxprocs(4);
                java.util.concurrent.atomic.AtomicBoolean shrunk = new java.util.concurrent.atomic.AtomicBoolean();
                java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(sleepers);
                Go.run(() -> {
                    for (int i = 0; i < sleepers; i++) {
                        Go.go(() -> {
                            running.countDown();
                            while (!shrunk.get()) {
                                Thread.onSpinWait(); // holds a P, which the shrink takes away
                            }
                            busy(2_000); // main's Go.run ends and the scheduler goes idle meanwhile
                            Time.sleep(java.time.Duration.ofMillis(1)); // a timer on the dead P
                            woke.incrementAndGet();
                        });
                    }
                    try {
                        running.await(); // (a blocking wait: the spinners run on other Ms)
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    Go.gomaxprocs(1);
                    shrunk.set(true);
                });
                int expected = (round + 1) * sleepers;
                awaitTrue("every sleeper of round " + round + " woke (" + woke + " of " + expected + ")", 10,
                        () -> woke.get() == expected);
            }
        } finally {
            Go.gomaxprocs(previous);
        }
        awaitTrue("the sleepers ended", 10, () -> Go.numGoroutine() <= before);
    }

    @Test
    void resizingUpAndDownWhileGoroutinesRunLosesNone() throws Exception {
        // each round races resizes against Ms handing Ps around; more rounds, more interleavings
        for (int round = 0; round < 4; round++) {
            resizeRound();
        }
    }

    private static void resizeRound() throws Exception {
        int previous = Go.gomaxprocs();
        int[] sizes = {1, 3, 2, 4, 1, 2, 5, 1, 3};
        int workers = 20_000;
        AtomicInteger finished = new AtomicInteger();
        List<String> wrongPrevious = new ArrayList<>();
        AtomicInteger changes = new AtomicInteger();
        try {
            Go.run(() -> {
                GLatch done = new GLatch(workers + 1);
                // the changer is a goroutine too: shrinking may take away the very P it runs on
                Go.go(() -> {
                    int expected = Go.gomaxprocs();
                    int i = 0;
                    while (done.count() > 1 || i < sizes.length) {
                        int n = sizes[i++ % sizes.length];
                        int got = Go.gomaxprocs(n);
                        if (got != expected) {
                            synchronized (wrongPrevious) {
                                wrongPrevious.add("set " + n + " returned " + got + ", expected " + expected);
                            }
                        }
                        expected = n;
                        changes.incrementAndGet();
                        busy(200);
                        Go.gosched();
                    }
                    done.countDown();
                });
                for (int i = 0; i < workers; i++) {
                    Go.go(() -> {
                        for (int k = 0; k < 4; k++) {
                            busy(5);
                            Go.gosched();
                        }
                        finished.incrementAndGet();
                        done.countDown();
                    });
                }
                done.await("semacquire");
            });
        } finally {
            Go.gomaxprocs(previous);
        }
        assertEquals(workers, finished.get(), "every goroutine finished");
        assertEquals(List.of(), wrongPrevious);
        assertTrue(changes.get() >= sizes.length);
        assertEquals(previous, Go.gomaxprocs());

        // once quiet, exactly GOMAXPROCS Ps are idle: none lost, none left over from a resize
        awaitTrue("all Ms idle", 5, () -> SchedProbe.idleMs() == SchedProbe.threads() && SchedProbe.spinningMs() == 0);
        assertEquals(previous, SchedProbe.idlePs(), "idle Ps after resizing");
        assertEquals(0, SchedProbe.globalRunqSize());

        // and the runtime still works at every size
        for (int n : new int[] {1, 2, 3}) {
            Go.gomaxprocs(n);
            try {
                AtomicInteger ran = new AtomicInteger();
                Go.run(() -> {
                    GLatch l = new GLatch(100);
                    for (int i = 0; i < 100; i++) {
                        Go.go(() -> {
                            ran.incrementAndGet();
                            l.countDown();
                        });
                    }
                    l.await("semacquire");
                });
                assertEquals(100, ran.get(), "GOMAXPROCS=" + n);
            } finally {
                Go.gomaxprocs(previous);
            }
        }
        awaitTrue("all Ms idle", 5, () -> SchedProbe.idleMs() == SchedProbe.threads() && SchedProbe.spinningMs() == 0);
        assertEquals(previous, SchedProbe.idlePs(), "idle Ps after resizing");
    }
}
