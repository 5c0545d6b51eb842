package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.runtime.Waiter;
import io.gpm4j.runtime.park.Parking;
import io.gpm4j.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 *
 * <p>These tests park with hand-made wait reasons through {@code Parking}, the primitive every
 * blocking call uses; {@link DeadlockThroughApiTest} deadlocks through the public API itself
 * (channels, select, sync, timers), and {@code debug.AgentModesTest} in a fresh JVM (goroutine 1,
 * exit status 2).
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

    /** Main is blocked on a channel whose only sender is a timer's function: no deadlock until it fires. */
    @Test
    void notReportedWhileATimerIsPending() {
        AtomicLong fired = new AtomicLong();
        int[] got = new int[1];
        Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Time.afterFunc(Duration.ofMillis(100), () -> {
                fired.set(Go.goid());
                c.send(7);
            });
            got[0] = c.recv(); // nothing else runs: only the pending timer can wake main
        });
        assertEquals(7, got[0]);
        assertTrue(fired.get() > 0, "the timer's function ran in a goroutine");
    }

    @Test
    void notReportedWhileAPlainThreadBlockedInTheRuntimeCanStillWakeMain() throws Exception {
        AtomicReference<Waiter> threadWaiter = new AtomicReference<>();
        AtomicReference<Waiter> mainWaiter = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AtomicLong mainId = new AtomicLong();
        // A: a plain thread blocked in the runtime; once woken, it wakes main
        Thread a = new Thread(() -> {
            try {
                Parking.park((w, l) -> {
                    threadWaiter.set(w);
                    return true;
                }, null, "chan receive");
                events.add("A woken");
                mainWaiter.get().ready(); // set before B woke A
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "blocked-plain-thread");
        // B: a plain thread outside the runtime that wakes A once main is observably parked (and
        // then some time later, so that the Ms have gone idle and checkdead has run meanwhile)
        Thread b = new Thread(() -> {
            try {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!Go.stack(true).contains("goroutine " + mainId.get() + " [test wait]:") || mainWaiter.get() == null) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("main never parked:\n" + Go.stack(true));
                    }
                    Thread.sleep(1);
                }
                Thread.sleep(200); // a window for a wrong checkdead, not a measurement
                events.add("B readies A");
                threadWaiter.get().ready();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "waker");
        a.setDaemon(true);
        b.setDaemon(true);
        AtomicBoolean resumed = new AtomicBoolean();
        Go.run(() -> {
            mainId.set(Go.goid());
            a.start();
            b.start();
            while (threadWaiter.get() == null) {
                Go.gosched(); // A is blocked in the runtime before main parks
            }
            Parking.park((w, l) -> {
                mainWaiter.set(w);
                return true;
            }, null, "test wait");
            events.add("main resumed");
            resumed.set(true);
        });
        a.join(5_000);
        b.join(5_000);
        assertEquals(null, failure.get());
        assertTrue(resumed.get());
        assertEquals(List.of("B readies A", "A woken", "main resumed"), events, "main was woken by the chain, and only then");
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
