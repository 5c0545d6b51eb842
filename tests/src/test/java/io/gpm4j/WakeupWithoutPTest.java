package io.gpm4j;

import static io.gpm4j.TestSupport.withProcs;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.net.Conn;
import io.gpm4j.net.Net;
import io.gpm4j.runtime.SchedProbe;
import io.gpm4j.time.Time;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Work that a thread without a P puts on the global queue (a goroutine it makes or readies) gets
 * an M even while a spinning claim is outstanding that no M will act on: the window of a
 * {@code wakep} whose {@code startm} found no idle P and has not given its claim back yet. A
 * wake-up that trusted that "spinner" left the goroutine on the global queue with every M
 * asleep, for good (Go: injectglist starts Ms for idle Ps directly, never through wakep).
 */
class WakeupWithoutPTest {

    @Test
    void aGoroutineMadeByAPlainThreadRunsWhileASpinningClaimIsHeld() throws Exception {
        withProcs(2, () -> {
            CountDownLatch ran = new CountDownLatch(1);
            whileIdleWithAClaimHeld(() -> {
                Go.go(ran::countDown);
                awaitOrDescribe(ran, "the goroutine never ran");
            });
        });
    }

    @Test
    void aGoroutineReadiedByAPlainThreadRunsWhileASpinningClaimIsHeld() throws Exception {
        withProcs(2, () -> {
            Chan<Integer> ch = Chan.make();
            CountDownLatch ran = new CountDownLatch(1);
            Go.go(() -> {
                ch.recv();
                ran.countDown();
            });
            whileIdleWithAClaimHeld(() -> { // the goroutine is parked in recv by then
                ch.send(1); // hands the value to the parked receiver and readies it
                awaitOrDescribe(ran, "the readied goroutine never ran");
            });
        });
    }

    /** A timer armed by a plain thread fires: an M comes to wait for it. */
    @Test
    void aTimerArmedByAPlainThreadFiresWhileASpinningClaimIsHeld() throws Exception {
        withProcs(2, () -> whileIdleWithAClaimHeld(() -> {
            CountDownLatch fired = new CountDownLatch(1);
            startBlockedDaemon("waits for a timer", () -> {
                Time.after(Duration.ofMillis(20)).recv(); // armed by this plain thread, which then parks
                fired.countDown();
            });
            awaitOrDescribe(fired, "the timer never fired");
        }));
    }

    /** A plain thread that reads a socket gets its data: an M comes to poll for it. */
    @Test
    void aPlainThreadsSocketReadEndsWhileASpinningClaimIsHeld() throws Exception {
        withProcs(2, () -> {
            try (ServerSocket server = new ServerSocket(0)) {
                whileIdleWithAClaimHeld(() -> {
                    CountDownLatch read = new CountDownLatch(1);
                    startBlockedDaemon("reads a socket", () -> {
                        try (Conn c = Net.dial("tcp", "127.0.0.1:" + server.getLocalPort())) {
                            if (c.read(new byte[1], 0, 1) == 1) { // parks on the poller
                                read.countDown();
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    try (Socket peer = server.accept()) {
                        Thread.sleep(50); // the reader is waiting by now
                        peer.getOutputStream().write(7);
                        awaitOrDescribe(read, "the read never ended");
                    }
                });
            }
        });
    }

    /**
     * Once every P is idle and no M spins, runs {@code body} while holding a spinning claim that
     * no M acts on, and gives it back after.
     */
    private static void whileIdleWithAClaimHeld(TestSupport.ThrowingRunnable body) throws Exception {
        awaitEveryPIdle();
        assertTrue(SchedProbe.holdSpinningClaim(), "no M spins: " + SchedProbe.describe());
        try {
            body.run();
        } finally {
            SchedProbe.releaseSpinningClaim();
        }
    }

    /** A plain thread that may stay blocked for good if the runtime fails it: a daemon. */
    private static void startBlockedDaemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private static void awaitOrDescribe(CountDownLatch latch, String failure) throws InterruptedException {
        assertTrue(latch.await(5, TimeUnit.SECONDS), failure + "\n" + SchedProbe.describe());
    }

    private static void awaitEveryPIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (SchedProbe.idlePs() != Go.gomaxprocs() || SchedProbe.spinningMs() != 0) {
            assertTrue(System.nanoTime() < deadline, "the scheduler never went idle\n" + SchedProbe.describe());
            Thread.sleep(1);
        }
    }
}
