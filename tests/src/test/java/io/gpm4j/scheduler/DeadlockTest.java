package io.gpm4j.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.DeadlockException;
import io.gpm4j.Go;
import io.gpm4j.runtime.Waiter;
import io.gpm4j.runtime.park.Parking;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * checkdead: a Go.run whose main goroutine can never be woken ends with a DeadlockException and
 * a goroutine dump, but not while something that could wake it is still around.
 *
 * <p>What counts as "could still wake main" (GO-FACTS §5 and DeadlockException): a runnable or
 * running goroutine, a goroutine pinned to a blocked carrier, a plain thread blocked in the
 * runtime, a pending timer. A plain thread that is merely running (or sleeping) outside the
 * runtime is invisible to the scheduler, as a non-Go thread is to Go, so it does not count.
 * Timers do not exist yet: the "not reported while a timer is pending" case has no test.
 */
class DeadlockTest {
    @Test
    void mainParkedWithNothingToWakeItIsADeadlockWithADump() {
        AtomicLong mainId = new AtomicLong();
        AtomicLong otherId = new AtomicLong();
        DeadlockException e = assertThrows(DeadlockException.class, () -> Go.run(() -> {
            mainId.set(Go.goid());
            AtomicBoolean parked = new AtomicBoolean();
            Go.go(() -> {
                otherId.set(Go.goid());
                Parking.park((w, l) -> {
                    parked.set(true);
                    return true;
                }, null, "chan receive");
            });
            while (!parked.get()) {
                Go.gosched();
            }
            Parking.park((w, l) -> true, null, "test wait"); // never readied
        }));
        String m = e.getMessage();
        assertTrue(m.startsWith("all goroutines are asleep - deadlock!\n\n"), m);
        assertTrue(m.contains("goroutine " + mainId.get() + " [test wait]:"), m);
        assertTrue(m.contains("goroutine " + otherId.get() + " [chan receive]:"), m);
    }

    @Test
    void theFirstGoRunOfTheJvmReportsGoroutine1() {
        // goroutine ids are never reused; main is goroutine 1 only in the JVM's first Go.run,
        // so this checks the form of the line for whichever id main got
        AtomicLong mainId = new AtomicLong();
        DeadlockException e = assertThrows(DeadlockException.class, () -> Go.run(() -> {
            mainId.set(Go.goid());
            Parking.park((w, l) -> true, null, "select (no cases)");
        }));
        assertTrue(e.getMessage().contains("\ngoroutine " + mainId.get() + " [select (no cases)]:\n"), e.getMessage());
    }

    @Test
    void notReportedWhileAPlainThreadBlockedInTheRuntimeCanStillWakeMain() throws Exception {
        AtomicReference<Waiter> threadWaiter = new AtomicReference<>();
        AtomicReference<Waiter> mainWaiter = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // A: a plain thread blocked in the runtime; once woken, it wakes main
        Thread a = new Thread(() -> {
            try {
                Parking.park((w, l) -> {
                    threadWaiter.set(w);
                    return true;
                }, null, "chan receive");
                while (mainWaiter.get() == null) {
                    Thread.onSpinWait();
                }
                mainWaiter.get().ready();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "blocked-plain-thread");
        // B: a plain thread outside the runtime that wakes A after 200 ms
        Thread b = new Thread(() -> {
            try {
                while (threadWaiter.get() == null) {
                    Thread.sleep(1);
                }
                Thread.sleep(200);
                threadWaiter.get().ready();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "waker");
        a.setDaemon(true);
        b.setDaemon(true);
        long[] waited = new long[1];
        AtomicBoolean resumed = new AtomicBoolean();
        Go.run(() -> {
            a.start();
            b.start();
            while (threadWaiter.get() == null) {
                Go.gosched(); // A is blocked in the runtime before main parks
            }
            long t0 = System.nanoTime();
            Parking.park((w, l) -> {
                mainWaiter.set(w);
                return true;
            }, null, "test wait");
            waited[0] = System.nanoTime() - t0;
            resumed.set(true);
        });
        a.join(5_000);
        b.join(5_000);
        assertEquals(null, failure.get());
        assertTrue(resumed.get());
        assertTrue(waited[0] >= 150_000_000L, "main waited for the chain: " + waited[0] / 1_000_000 + " ms");
    }

    @Test
    void notReportedWhileAnotherGoroutineIsStillRunning() {
        AtomicBoolean resumed = new AtomicBoolean();
        Go.run(() -> {
            AtomicReference<Waiter> me = new AtomicReference<>();
            Go.go(() -> {
                while (me.get() == null) {
                    Go.gosched();
                }
                TestSupport.busy(200_000); // 200 ms of work while main is parked
                me.get().ready();
            });
            Parking.park((w, l) -> {
                me.set(w);
                return true;
            }, null, "test wait");
            resumed.set(true);
        });
        assertTrue(resumed.get());
    }
}
