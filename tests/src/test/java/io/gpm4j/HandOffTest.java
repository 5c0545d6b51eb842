package io.gpm4j;

import static io.gpm4j.TestSupport.withProcs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.runtime.SchedProbe;
import io.gpm4j.time.Time;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sysmon's hand-off (Go: retake of a P in a system call, handoffp): with one P, a goroutine that
 * holds its carrier (blocked in the JDK, in socket I/O, or in a loop with no preemption point)
 * loses its P to another M, so every other goroutine keeps running; and once the blocking ends the
 * extra Ms go back to idle.
 */
class HandOffTest {

    /** After each case: every M comes back to the idle list once the blocking is over. */
    @AfterEach
    void msReturnToIdle() throws InterruptedException {
        while (SchedProbe.threads() != SchedProbe.idleMs() || SchedProbe.msInHandOff() != 0) {
            Thread.sleep(5); // the test's timeout (TestGuard) reports the state if this never ends
        }
        assertEquals(SchedProbe.threads(), SchedProbe.idleMs(), SchedProbe.describe());
    }

    /**
     * Two goroutines spin in loops without a preemption point (their method makes no suspendable
     * call, so it is not rewritten): main's 300 ms sleep still ends, both loops made progress
     * meanwhile, and sysmon handed a P off at least once.
     */
    @Test
    void twoLoopsWithoutPreemptionPointsDoNotStopMainOnOneP() throws Exception {
        long handOffsBefore = SchedProbe.handOffs();
        AtomicLong a = new AtomicLong();
        AtomicLong b = new AtomicLong();
        withProcs(1, () -> Go.run(() -> {
            Chan<Boolean> done = Chan.make(2);
            Go.go(() -> {
                spin(a);
                done.send(true);
            });
            Go.go(() -> {
                spin(b);
                done.send(true);
            });
            Time.sleep(Duration.ofMillis(300));
            long seenA = a.get();
            long seenB = b.get();
            stop = true;
            done.recv();
            done.recv();
            assertTrue(seenA > 0 && seenB > 0, "both loops ran while main slept: " + seenA + ", " + seenB);
        }));
        assertTrue(SchedProbe.handOffs() > handOffsBefore, "sysmon retook a P: " + SchedProbe.describe());
    }

    /**
     * Sysmon cuts its own thread's timer slack, so that its 20 µs ticks are not stretched to
     * 80 µs (Linux only), and leaves every other thread's alone.
     */
    @Test
    void sysmonSleepsWithAShortTimerSlackAndNoOtherThreadDoes() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/timerslack_ns")), "no timer slack to read here");
        Go.run(() -> { }); // the scheduler, and with it sysmon, is up
        String sysmonSlack = null;
        String myTid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString(); // "<pid>/task/<tid>"
        String mySlack = Files.readString(Path.of("/proc", myTid, "timerslack_ns")).trim();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String comm;
                try {
                    comm = Files.readString(task.resolve("comm")).trim();
                } catch (java.io.IOException gone) {
                    continue;
                }
                if (comm.equals("gpm4j-sysmon")) {
                    sysmonSlack = Files.readString(Path.of("/proc", task.getFileName().toString(), "timerslack_ns")).trim();
                }
            }
        }
        assertEquals("1000", sysmonSlack, "sysmon's timer slack (Sysmon.TIMER_SLACK_NS)");
        assertTrue(!mySlack.equals("1000"), "the test's own thread keeps the default slack: " + mySlack);
    }

    /**
     * Two goroutines that hand a value back and forth after a 1 ms sleep leave every P idle about
     * a thousand times a second. Sysmon, finding every P idle, naps (Sysmon.IDLE_LIGHT_SLEEP_NS,
     * 10 ms) and naps again while the Ps keep coming and going, instead of sleeping until a P
     * leaves the idle list: no such P wakes it, where it was woken at each hand-on before (about
     * 900 times in this second), each wake with a 20 µs look after it.
     */
    @Test
    void sysmonNapsThroughABriefTickerThatLeavesEveryPIdle() throws Exception {
        long[] counted = tickerPair(2, SchedProbe::sysmonWakes);
        long handed = counted[0];
        long wakes = counted[1];
        assertTrue(handed > 100, "the goroutines handed the value on " + handed + " times");
        assertTrue(wakes < handed / 10, "a P leaving the idle list woke sysmon " + wakes
                + " times while the goroutines handed the value on " + handed + " times");
    }

    /**
     * The same ticker on one P: every hand-off readies the partner while the one P is busy and
     * no M spins. A readied goroutine does not end sysmon's nap (Sched.ready, as Go's ready only
     * calls wakep), where it did at nearly every hand-on before, each a wake of sysmon and a
     * look after it.
     */
    @Test
    void aReadiedGoroutineOnOnePDoesNotWakeANappingSysmon() throws Exception {
        long[] counted = tickerPair(1, SchedProbe::sysmonNudges);
        long handed = counted[0];
        long nudges = counted[1];
        assertTrue(handed > 100, "the goroutines handed the value on " + handed + " times");
        assertTrue(nudges < handed / 10, "a readied goroutine nudged sysmon " + nudges
                + " times while the goroutines handed the value on " + handed + " times");
    }

    /**
     * A timer's function starts its goroutine from the scheduler's own loop ({@code Time.afterFunc}
     * fires on g0, in findRunnable): that M runs its queue next, so the spawn does not end
     * sysmon's nap, where a spawn from a goroutine's code does. On one P, a chain of 1 ms
     * {@code afterFunc}s, each arming the next.
     */
    @Test
    void aTimersGoroutineStartedFromTheSchedulerDoesNotWakeANappingSysmon() throws Exception {
        AtomicLong fired = new AtomicLong();
        AtomicBoolean over = new AtomicBoolean();
        Chan<Boolean> ended = Chan.make(1);
        long[] counted = new long[2];
        withProcs(1, () -> Go.run(() -> {
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                fired.incrementAndGet();
                if (over.get()) {
                    ended.send(true); // the chain's last link: no timer left behind
                } else {
                    Time.afterFunc(Duration.ofMillis(1), next[0]);
                }
            };
            Time.afterFunc(Duration.ofMillis(1), next[0]);
            overOneSecond(fired::get, SchedProbe::sysmonNudges, counted);
            over.set(true);
            ended.recv();
        }));
        long n = counted[0];
        long nudges = counted[1];
        assertTrue(n > 100, "the timers fired " + n + " times");
        assertTrue(nudges < n / 10, "timers' goroutines nudged sysmon " + nudges + " times in " + n + " fires");
    }

    /**
     * Runs two {@link #ticker}s on {@code procs} Ps and returns, over one second after their
     * first steps, how many times they handed the value on and how much {@code counter} grew.
     */
    private static long[] tickerPair(int procs, LongSupplier counter) throws Exception {
        long[] counted = new long[2];
        withProcs(procs, () -> Go.run(() -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Chan<Boolean> done = Chan.make(2);
            Go.go(() -> ticker(ping, pong, done));
            Go.go(() -> ticker(pong, ping, done));
            ping.send(0);
            overOneSecond(hands::get, counter, counted);
            stop = true;
            done.recv();
            done.recv();
        }));
        return counted;
    }

    /**
     * In a goroutine: lets 300 ms pass (the scheduler's and the JIT's first steps), then puts in
     * {@code counted} how much {@code events} and {@code counter} grew over the next second.
     */
    private static void overOneSecond(LongSupplier events, LongSupplier counter, long[] counted) {
        Time.sleep(Duration.ofMillis(300));
        long eventsBefore = events.getAsLong();
        long counterBefore = counter.getAsLong();
        Time.sleep(Duration.ofSeconds(1));
        counted[0] = events.getAsLong() - eventsBefore;
        counted[1] = counter.getAsLong() - counterBefore;
    }

    private static final AtomicLong hands = new AtomicLong();

    /** Receives, sleeps 1 ms, passes the value on; until {@link #stop}, then leaves the ball to its partner. */
    private static void ticker(Chan<Integer> in, Chan<Integer> out, Chan<Boolean> done) {
        for (;;) {
            int ball = in.recv();
            if (stop) {
                done.send(true);
                Go.go(() -> out.send(ball)); // the partner's last receive
                return;
            }
            Time.sleep(Duration.ofMillis(1));
            hands.incrementAndGet();
            out.send(ball + 1);
        }
    }

    /**
     * A hand-off still comes promptly when the blocking starts just after every P was idle, in
     * sysmon's light sleep: on one P, main sleeps 2 ms (every P idle), then A blocks in
     * {@code SynchronousQueue.take()} with B queued behind it; B runs (and ends A's wait) well
     * within a second. The wait is bounded by the light sleep (10 ms) plus a few short looks.
     */
    @Test
    void handOffAfterAnIdleMomentComesWithinTheLightSleep() throws Exception {
        withProcs(1, () -> Go.run(() -> {
            for (int i = 0; i < 20; i++) {
                Time.sleep(Duration.ofMillis(2));
                SynchronousQueue<Long> q = new SynchronousQueue<>();
                Chan<Long> waited = Chan.make(1);
                long start = System.nanoTime();
                Go.go(() -> {
                    Go.go(() -> { // B, behind A on the one P: runs only once A's P is handed off
                        try {
                            q.put(System.nanoTime());
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    });
                    try {
                        waited.send(q.take() - start);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
                long nanos = waited.recv();
                assertTrue(nanos < 1_000_000_000L, "B ran " + nanos / 1_000 + " µs after A blocked");
            }
        }));
    }

    private static volatile boolean stop;

    @AfterEach
    void resetStop() {
        stop = false;
    }

    /** A counting loop that calls nothing suspendable: the rewrite leaves it alone. */
    private static void spin(AtomicLong counter) {
        while (!stop) {
            counter.incrementAndGet();
        }
    }

    /** One goroutine blocks in {@code SynchronousQueue.take()}, the other puts: on one P both finish. */
    @Test
    void synchronousQueueTakeAndPutOnOneP() throws Exception {
        withProcs(1, () -> Go.run(() -> {
            SynchronousQueue<String> q = new SynchronousQueue<>();
            Chan<String> got = Chan.make(1);
            Go.go(() -> {
                try {
                    got.send(q.take());
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            Go.go(() -> {
                try {
                    q.put("hello");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals("hello", got.recv());
        }));
    }

    /**
     * A goroutine blocked in the JDK, its P retaken, shows as {@code [syscall]} in the goroutine
     * dump; JFR records the hand-off ({@code io.gpm4j.ProcHandOff}, naming the goroutine) and
     * RuntimeStats counts it.
     */
    @Test
    void aHandOffShowsInTheDumpAndIsRecordedInJfr() throws Exception {
        long[] blockedGoid = new long[1];
        String[] dump = new String[1];
        java.util.List<jdk.jfr.consumer.RecordedEvent> events = JfrEventsTest.record(r -> {
            r.enable("io.gpm4j.ProcHandOff");
            withProcs(1, () -> Go.run(() -> {
                SynchronousQueue<String> q = new SynchronousQueue<>();
                Chan<Long> goid = Chan.make(1);
                Chan<String> got = Chan.make(1);
                Go.go(() -> {
                    goid.send(Go.goid());
                    try {
                        got.send(q.take());
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
                blockedGoid[0] = goid.recv();
                dump[0] = WaitReasons.awaitParked(java.util.List.of(blockedGoid[0]), "syscall");
                try {
                    JfrEventsTest.awaitEvent(r, "io.gpm4j.RuntimeStats", "a hand-off counted",
                            e -> e.getLong("handOffs") > 0);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                try {
                    q.put("done");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                assertEquals("done", got.recv());
            }));
        });
        assertTrue(dump[0].contains("java.util.concurrent.SynchronousQueue.take"), dump[0]);
        java.util.List<jdk.jfr.consumer.RecordedEvent> handOffs = JfrEventsTest.named(events, "io.gpm4j.ProcHandOff");
        assertTrue(handOffs.stream().anyMatch(e -> e.getLong("goroutineId") == blockedGoid[0]
                && e.getLong("stuckFor") > 0 && e.getLong("mId") > 0), handOffs.toString());
    }

    /** {@code Object.wait} in one goroutine, {@code notifyAll} from another, on one P. */
    @Test
    void objectWaitAndNotifyOnOneP() throws Exception {
        Object monitor = new Object();
        boolean[] ready = new boolean[1];
        withProcs(1, () -> Go.run(() -> {
            Chan<Boolean> woke = Chan.make(1);
            Go.go(() -> {
                synchronized (monitor) {
                    while (!ready[0]) {
                        try {
                            monitor.wait();
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    }
                }
                woke.send(true);
            });
            Go.gosched(); // the waiter is most likely blocked by now; either order must work
            Go.go(() -> {
                synchronized (monitor) {
                    ready[0] = true;
                    monitor.notifyAll();
                }
            });
            assertTrue(woke.recv());
        }));
    }

    /**
     * A goroutine blocked reading a socket (RUNNABLE in native code, so found by its CPU clock
     * standing still) does not stop main from sleeping, computing and then writing the byte it
     * waits for, on one P.
     */
    @Test
    void aBlockingSocketReadDoesNotStopTheOthersOnOneP() throws Exception {
        try (ServerSocket server = new ServerSocket(0);
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            InputStream in = accepted.getInputStream();
            OutputStream out = client.getOutputStream();
            withProcs(1, () -> Go.run(() -> {
                Chan<Integer> got = Chan.make(1);
                Go.go(() -> {
                    try {
                        got.send(in.read());
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                });
                Go.gosched();
                for (int i = 0; i < 20; i++) {
                    Time.sleep(Duration.ofMillis(1)); // needs the P back each time
                }
                try {
                    out.write(42);
                    out.flush();
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                assertEquals(42, got.recv());
            }));
        }
    }

    /** Set by the reader as it comes back from the JDK; the busy goroutine ends then. */
    private static volatile boolean readerBack;

    /**
     * A goroutine that comes back from a JDK block to find its P taken by another M, and parks on
     * a socket at once, still gets its data. Its M has no P then and stops without becoming the
     * poller; the M that holds the P ends its goroutine meanwhile and goes idle too, having looked
     * for network waiters a moment before the reader counted as one. Without a check on the
     * parking side (the last M to look saw no waiter, so the one that adds one must find that M's
     * P idle and start an M to poll), every M stopped with the byte ready: the hang that
     * BufioTest met once under chaos mode, here within a few hundred rounds. On one P, each round:
     * a busy goroutine queued, the reader blocked in {@code LockSupport.parkNanos} long enough
     * for sysmon to hand its P to an M that runs the busy one, which ends as the reader comes
     * back and reads; a plain thread writes the byte after 300 µs.
     */
    @Test
    @Timeout(45)
    void aGoroutineThatParksOnASocketRightAfterLosingItsPGetsItsData() throws Exception {
        long handOffsBefore = SchedProbe.handOffs();
        int rounds = 1_500;
        withProcs(1, () -> Go.run(() -> {
            try (io.gpm4j.net.Listener l = io.gpm4j.net.Net.listen("tcp", "127.0.0.1:0");
                    io.gpm4j.net.Conn client = io.gpm4j.net.Net.dial("tcp", "127.0.0.1:" + l.addr().getPort());
                    io.gpm4j.net.Conn server = l.accept()) {
                byte[] one = new byte[1];
                for (int i = 0; i < rounds; i++) {
                    readerBack = false;
                    int extra = i % 4 * 50; // end a little after the reader is back, or not at all later
                    Go.go(() -> busyUntilReaderBack(extra));
                    Thread writer = new Thread(() -> {
                        LockSupport.parkNanos(300_000);
                        try {
                            client.write(new byte[] {(byte) 1}, 0, 1);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, "writer");
                    writer.start();
                    LockSupport.parkNanos(100_000); // blocked in the JDK: sysmon hands the P off
                    readerBack = true;
                    assertEquals(1, server.read(one, 0, 1), "round " + i);
                    writer.join();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
        assertTrue(SchedProbe.handOffs() - handOffsBefore > rounds / 10,
                "the reader lost its P in many rounds: " + (SchedProbe.handOffs() - handOffsBefore));
    }

    /** Spins (no preemption point: nothing here suspends) until the reader is back, then a little more. */
    private static void busyUntilReaderBack(int extra) {
        while (!readerBack) {
            Thread.onSpinWait();
        }
        for (int k = 0; k < extra; k++) {
            Thread.onSpinWait();
        }
    }
}
