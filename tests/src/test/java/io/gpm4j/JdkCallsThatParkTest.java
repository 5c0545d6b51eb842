package io.gpm4j;

import org.junit.jupiter.api.Tag;
import static io.gpm4j.TestSupport.withProcs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The JDK calls that park: in rewritten code {@code Thread.sleep} parks a goroutine like
 * {@code Time.sleep} and {@code Thread.yield} yields it like {@code Go.gosched}; on a plain thread
 * both are the JDK's.
 */
class JdkCallsThatParkTest {
    private static final String THREAD_CALLS = "io.gpm4j.runtime.park.ThreadCalls";

    /**
     * 200 goroutines in {@code Thread.sleep(50)} on one P are all parked {@code [sleep]} at once: a
     * sleeping goroutine does not hold the P. (Each sleeps again until released, so that the dump
     * that shows them all asleep does not depend on how fast a loaded machine gets there.)
     */
    @Test
    void twoHundredSleepingGoroutinesOnOnePAreAllParkedAtOnce() throws Exception {
        withProcs(1, () -> {
            int n = 200;
            Queue<Long> goids = new ConcurrentLinkedQueue<>();
            AtomicBoolean released = new AtomicBoolean();
            AtomicInteger sleeps = new AtomicInteger();
            AtomicReference<String> dump = new AtomicReference<>();
            Go.run(() -> {
                GLatch done = new GLatch(n);
                for (int i = 0; i < n; i++) {
                    Go.go(() -> {
                        goids.add(Go.goid());
                        do {
                            try {
                                Thread.sleep(50);
                            } catch (InterruptedException e) {
                                throw new AssertionError(e);
                            }
                            sleeps.incrementAndGet();
                        } while (!released.get());
                        done.countDown();
                    });
                }
                while (goids.size() < n) {
                    Go.gosched();
                }
                dump.set(WaitReasons.awaitParked(new ArrayList<>(goids), "sleep"));
                released.set(true);
                done.await("semacquire");
            });
            assertTrue(sleeps.get() >= n, "every goroutine slept: " + sleeps.get());
            assertTrue(dump.get().contains(THREAD_CALLS + ".sleep"), dump.get());
        });
    }

    /** Thread.yield in a goroutine lets the other goroutine on the only P run. */
    @Tag(TestSupport.EXACT_SCHEDULE) // chaos mode changes the schedule this test checks, by design
    @Test
    void threadYieldInterleavesTwoGoroutinesOnOneP() throws Exception {
        GoschedTest.assertYieldingInterleaves(() -> Thread.yield());
    }

    /** On a plain thread the call still goes through the runtime, which sleeps the thread (the JDK's sleep). */
    @Test
    void onAPlainThreadSleepSleepsTheThreadAndHonoursInterrupt() throws Exception {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean(true);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                caught.set(e);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        }, "plain-sleeper");
        t.start();
        // the thread itself is blocked in the JDK's sleep, called from the runtime's entry point
        for (;;) {
            List<String> frames = Arrays.stream(t.getStackTrace()).map(f -> f.getClassName() + "." + f.getMethodName())
                    .toList();
            if (t.getState() == Thread.State.TIMED_WAITING && frames.contains("java.lang.Thread.sleep")
                    && frames.contains(THREAD_CALLS + ".sleep")) {
                break;
            }
            assertTrue(t.isAlive(), "the sleeper ended early: " + caught.get());
            Thread.sleep(1);
        }
        t.interrupt();
        t.join();
        assertTrue(caught.get() instanceof InterruptedException, String.valueOf(caught.get()));
        assertFalse(flagAfter.get(), "InterruptedException clears the flag");
    }

    /** On a goroutine: a set interrupt flag makes sleep throw and clears it, as Thread.sleep does. */
    @Test
    void onAGoroutineAnInterruptFlagSetBeforeSleepThrowsAndIsCleared() throws Exception {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean(true);
        AtomicReference<Long> goid = new AtomicReference<>();
        Go.run(() -> {
            goid.set(Go.goid());
            Thread.currentThread().interrupt();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                caught.set(e);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        assertTrue(goid.get() != 0, "ran on a goroutine");
        assertTrue(caught.get() instanceof InterruptedException, String.valueOf(caught.get()));
        assertFalse(flagAfter.get(), "the carrier's interrupt flag is cleared");
    }

    /** On a goroutine the arguments are checked as the JDK checks them; zero returns at once. */
    @Test
    void onAGoroutineBadArgumentsThrowAsTheJdksAndZeroReturns() throws Exception {
        List<String> out = new ArrayList<>();
        Go.run(() -> {
            out.add(kind(() -> Thread.sleep(-1)));
            out.add(kind(() -> Thread.sleep(0, -1)));
            out.add(kind(() -> Thread.sleep(0, 1_000_000)));
            out.add(kind(() -> Thread.sleep(0)));
            out.add(kind(() -> Thread.sleep(0, 0)));
            out.add(kind(() -> Thread.sleep(1, 1)));
        });
        assertEquals(List.of("IllegalArgumentException", "IllegalArgumentException", "IllegalArgumentException",
                "returned", "returned", "returned"), out);
        assertThrows(IllegalArgumentException.class, () -> Thread.sleep(-1), "and on a plain thread");
    }

    private interface Sleep {
        void run() throws InterruptedException;
    }

    private static String kind(Sleep s) {
        try {
            s.run();
            return "returned";
        } catch (InterruptedException | RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }
}
