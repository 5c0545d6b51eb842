package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

    /**
     * Two Go.run calls at once, from two plain threads: each main runs as its own goroutine on
     * its caller's thread, they talk over channels (a ping-pong between the two mains), and each
     * call returns its own result; once both run, neither is taken for a deadlock while the other
     * can wake it.
     */
    @Test
    void twoGoRunCallsAtOnceFromTwoPlainThreads() throws Exception {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        int rounds = 1_000;
        long[] ids = new long[2];
        String[] ranOn = new String[2];
        int[] results = new int[2];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger running = new AtomicInteger();
        Thread a = new Thread(() -> {
            try {
                Go.run(() -> {
                    ids[0] = Go.goid();
                    ranOn[0] = Thread.currentThread().getName();
                    rendezvous(running);
                    int sum = 0;
                    for (int i = 0; i < rounds; i++) {
                        ping.send(i);
                        sum += pong.recv();
                    }
                    results[0] = sum;
                });
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "go-run-a");
        Thread b = new Thread(() -> {
            try {
                Go.run(() -> {
                    ids[1] = Go.goid();
                    ranOn[1] = Thread.currentThread().getName();
                    rendezvous(running);
                    int n = 0;
                    for (int i = 0; i < rounds; i++) {
                        pong.send(ping.recv() * 2);
                        n++;
                    }
                    results[1] = n;
                });
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "go-run-b");
        a.start();
        b.start();
        a.join(30_000);
        b.join(30_000);
        assertFalse(a.isAlive() || b.isAlive(), "both Go.run calls returned\n" + Go.stack(true));
        assertNull(failure.get(), () -> "a Go.run call threw: " + failure.get());
        assertEquals(rounds * (rounds - 1), results[0], "a's sum of the doubled values");
        assertEquals(rounds, results[1]);
        assertTrue(ids[0] > 0 && ids[1] > 0 && ids[0] != ids[1], ids[0] + " " + ids[1]);
        assertEquals("go-run-a", ranOn[0], "main runs on its caller's thread (m0 of its call)");
        assertEquals("go-run-b", ranOn[1]);
    }

    /**
     * With every P kept busy (a gosched loop on one P, whose carrier looks at the global queue
     * at each pass), a Go.run call waits for a P and then starts main on its caller's thread:
     * main is never left in a run queue for the busy carrier to take first.
     */
    @Test
    void aGoRunCallMadeWhileEveryPIsBusyStartsMainOnItsCaller() throws Exception {
        TestSupport.withProcs(1, () -> {
            AtomicInteger spinning = new AtomicInteger();
            Go.go(() -> {
                spinning.incrementAndGet();
                while (spinning.get() == 1) {
                    Go.gosched();
                }
            });
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (spinning.get() == 0) {
                assertTrue(System.nanoTime() < deadline, "the spinner never started");
                Thread.sleep(1);
            }
            String[] ranOn = new String[1];
            try {
                Go.run(() -> ranOn[0] = Thread.currentThread().getName());
            } finally {
                spinning.set(2);
            }
            assertEquals(Thread.currentThread().getName(), ranOn[0], "main started on its caller's thread");
        });
    }

    /**
     * Yields (without parking) until both mains run. Before that, a main that parks while the
     * other thread has not yet entered Go.run is rightly a deadlock: a plain thread outside the
     * runtime is invisible to checkdead, as a non-Go thread is to Go.
     */
    private static void rendezvous(AtomicInteger running) {
        running.incrementAndGet();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (running.get() < 2) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the other Go.run call never started");
            }
            Go.gosched();
        }
    }

    /**
     * Each of two concurrent Go.run calls that can never be woken gets its own DeadlockException,
     * round after round. The rounds matter: when one call's M was still on its way out of Go.run
     * as the other's last M went idle, checkdead saw a running M and never looked again (found
     * here within 28 to 180 rounds before Go.run's exit ran checkdead, as Go's mexit does).
     */
    @Test
    void twoConcurrentGoRunCallsThatBothDeadlockBothThrow() throws Exception {
        for (int round = 0; round < 300; round++) {
            bothDeadlock(round);
        }
    }

    private static void bothDeadlock(int round) throws Exception {
        Chan<Integer> never = Chan.make();
        Chan<Integer> bothStarted = Chan.make(2);
        AtomicReference<Throwable> fromA = new AtomicReference<>();
        AtomicReference<Throwable> fromB = new AtomicReference<>();
        long[] ids = new long[2];
        Thread a = new Thread(() -> {
            try {
                Go.run(() -> {
                    ids[0] = Go.goid();
                    bothStarted.send(1);
                    never.recv();
                });
            } catch (Throwable t) {
                fromA.set(t);
            }
        });
        Thread b = new Thread(() -> {
            try {
                Go.run(() -> {
                    ids[1] = Go.goid();
                    bothStarted.send(2);
                    never.recv();
                });
            } catch (Throwable t) {
                fromB.set(t);
            }
        });
        a.start();
        b.start();
        a.join(30_000);
        b.join(30_000);
        assertFalse(a.isAlive() || b.isAlive(), "round " + round + ": both Go.run calls returned\n" + Go.stack(true));
        assertInstanceOf(DeadlockException.class, fromA.get(), "round " + round);
        assertInstanceOf(DeadlockException.class, fromB.get(), "round " + round);
        for (Throwable t : new Throwable[] {fromA.get(), fromB.get()}) {
            assertTrue(t.getMessage().startsWith("all goroutines are asleep - deadlock!\n"), t.getMessage());
        }
        assertTrue(fromA.get().getMessage().contains("goroutine " + ids[0] + " [chan receive]:"), fromA.get().getMessage());
        assertTrue(fromB.get().getMessage().contains("goroutine " + ids[1] + " [chan receive]:"), fromB.get().getMessage());
    }
}
