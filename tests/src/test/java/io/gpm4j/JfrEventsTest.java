package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.time.Time;
import io.gpm4j.sync.WaitGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Records known programs with every gpm4j event on (no thresholds) and checks what JFR wrote:
 * ids, wait reasons, pinned reasons and the stack traces of the goroutines, not the carriers'.
 */
class JfrEventsTest {
    static final String[] EVENTS = {
        "io.gpm4j.GoroutineCreate", "io.gpm4j.GoroutineEnd", "io.gpm4j.GoroutinePark",
        "io.gpm4j.GoroutinePinned", "io.gpm4j.ProcSteal", "io.gpm4j.SchedulerLatency",
        "io.gpm4j.GoroutineRun", "io.gpm4j.RuntimeStats",
    };

    /** A program run while recording; it may look at what was recorded so far. */
    interface Program {
        void run(Recording r) throws Exception;
    }

    /** Records {@code program} with every gpm4j event on, thresholds 0, stats every 50 ms. */
    static List<RecordedEvent> record(Runnable program) throws Exception {
        return record(r -> program.run());
    }

    /** As {@link #record(Runnable)}, for a program that polls the recording. */
    static List<RecordedEvent> record(Program program) throws Exception {
        try (Recording r = new Recording()) {
            for (String e : EVENTS) {
                r.enable(e).withThreshold(Duration.ZERO).withStackTrace().withPeriod(Duration.ofMillis(50));
            }
            r.start();
            program.run(r);
            r.stop();
            return snapshot(r);
        }
    }

    /** The events {@code r} holds so far (it may still be running). */
    static List<RecordedEvent> snapshot(Recording r) throws Exception {
        Path file = Files.createTempFile("gpm4j-jfr-test", ".jfr");
        try {
            r.dump(file);
            return RecordingFile.readAllEvents(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Polls {@code r} until an event named {@code name} matches {@code p}; returns it. No time bound but the deadline. */
    static RecordedEvent awaitEvent(Recording r, String name, String what, Predicate<RecordedEvent> p) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (;;) {
            List<RecordedEvent> events = named(snapshot(r), name);
            for (RecordedEvent e : events) {
                if (p.test(e)) {
                    return e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + name + " event with " + what + " in 30 s: " + events + "\n" + Go.stack(true));
            }
            Thread.sleep(50);
        }
    }

    static List<RecordedEvent> named(List<RecordedEvent> all, String name) {
        return all.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    static List<String> methods(RecordedEvent e) {
        if (e.getStackTrace() == null) {
            return List.of();
        }
        return e.getStackTrace().getFrames().stream()
                .map(RecordedFrame::getMethod)
                .map(m -> m.getType().getName() + "." + m.getName())
                .collect(Collectors.toList());
    }

    /** In a goroutine: sleeps until the dump shows goroutine {@code goid} waiting for {@code reason}. */
    static void awaitParked(long goid, String reason) {
        String header = "goroutine " + goid + " [" + reason + "]:";
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Go.stack(true).contains(header)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + header + " in\n" + Go.stack(true));
            }
            Time.sleep(Duration.ofMillis(1));
        }
    }

    /** The named user method a receive parks in (the test looks for it in the park's stack). */
    static int receiveInANamedMethod(Chan<Integer> c) {
        return c.recv();
    }

    @Test
    void aParkInChanReceiveIsRecordedWithTheGoroutinesIdReasonAndStack() throws Exception {
        AtomicLong receiverGoid = new AtomicLong();
        AtomicLong senderGoid = new AtomicLong();
        int[] got = new int[1];
        List<RecordedEvent> all = record(() -> Go.run(() -> {
            receiverGoid.set(Go.goid());
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                senderGoid.set(Go.goid());
                Time.sleep(Duration.ofMillis(20)); // the "sleep" park looked for below
                awaitParked(receiverGoid.get(), "chan receive");
                c.send(42);
            });
            got[0] = receiveInANamedMethod(c);
        }));
        assertEquals(42, got[0]);

        List<RecordedEvent> parks = named(all, "io.gpm4j.GoroutinePark").stream()
                .filter(e -> e.getLong("goroutineId") == receiverGoid.get())
                .filter(e -> "chan receive".equals(e.getString("waitReason")))
                .collect(Collectors.toList());
        assertEquals(1, parks.size(), "one park in chan receive by the receiver: " + parks);
        RecordedEvent park = parks.get(0);
        assertTrue(park.getDuration().compareTo(Duration.ZERO) > 0, "the park lasted: " + park.getDuration());
        List<String> stack = methods(park);
        assertTrue(stack.contains(JfrEventsTest.class.getName() + ".receiveInANamedMethod"),
                "the park's stack is the goroutine's: " + stack);
        assertTrue(stack.contains("io.gpm4j.Chan.recv"), stack.toString());
        assertTrue(park.getInt("pId") >= 0 && park.getLong("mId") > 0, park.toString());

        // the sender parked in "sleep" under its own id
        assertTrue(named(all, "io.gpm4j.GoroutinePark").stream().anyMatch(e ->
                e.getLong("goroutineId") == senderGoid.get() && "sleep".equals(e.getString("waitReason"))), "sleep park");

        // created by the main goroutine, from the test's lambda
        List<RecordedEvent> creates = named(all, "io.gpm4j.GoroutineCreate").stream()
                .filter(e -> e.getLong("goroutineId") == senderGoid.get()).collect(Collectors.toList());
        assertEquals(1, creates.size(), creates.toString());
        assertEquals(receiverGoid.get(), creates.get(0).getLong("parentId"));
        assertTrue(methods(creates.get(0)).contains("io.gpm4j.Go.go"), methods(creates.get(0)).toString());
        assertTrue(methods(creates.get(0)).stream().anyMatch(m -> m.startsWith(JfrEventsTest.class.getName() + ".lambda$")),
                methods(creates.get(0)).toString());
        // the main goroutine itself was made by a plain thread
        assertTrue(named(all, "io.gpm4j.GoroutineCreate").stream().anyMatch(e ->
                e.getLong("goroutineId") == receiverGoid.get() && e.getLong("parentId") == 0), "main created by a thread");

        for (long goid : new long[] {receiverGoid.get(), senderGoid.get()}) {
            assertEquals(1, named(all, "io.gpm4j.GoroutineEnd").stream()
                    .filter(e -> e.getLong("goroutineId") == goid).count(), "one end of " + goid);
            assertTrue(named(all, "io.gpm4j.SchedulerLatency").stream()
                    .anyMatch(e -> e.getLong("goroutineId") == goid), "latency of " + goid);
        }
        Set<String> outcomes = named(all, "io.gpm4j.GoroutineRun").stream()
                .filter(e -> e.getLong("goroutineId") == receiverGoid.get())
                .map(e -> e.getString("outcome")).collect(Collectors.toSet());
        // parked and ended; on a loaded machine sysmon may also have preempted it at a preemption point
        assertTrue(outcomes.containsAll(Set.of("parked", "ended")), outcomes.toString());
        assertTrue(Set.of("parked", "ended", "preempted").containsAll(outcomes), outcomes.toString());
        // JFR's event thread is the carrier; the goroutine is in the event
        assertFalse(park.getThread() == null, "event thread");
    }

    @Test
    void aParkInsideSynchronizedIsRecordedAsPinnedWithTheBlockingFrame() throws Exception {
        Object monitor = new Object();
        AtomicLong pinnedGoid = new AtomicLong();
        List<RecordedEvent> all = record(() -> Go.run(() -> {
            Chan<Integer> c = Chan.make();
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                pinnedGoid.set(Go.goid());
                synchronized (monitor) {
                    receiveInANamedMethod(c);
                }
                wg.done();
            });
            while (pinnedGoid.get() == 0) {
                Time.sleep(Duration.ofMillis(1));
            }
            awaitParked(pinnedGoid.get(), "chan receive");
            c.send(1);
            wg.await();
        }));
        List<RecordedEvent> pins = named(all, "io.gpm4j.GoroutinePinned").stream()
                .filter(e -> e.getLong("goroutineId") == pinnedGoid.get()).collect(Collectors.toList());
        assertEquals(1, pins.size(), pins.toString());
        RecordedEvent pin = pins.get(0);
        assertEquals("MONITOR", pin.getString("pinnedReason"));
        assertEquals("chan receive", pin.getString("waitReason"));
        assertTrue(pin.getString("blockingFrame").contains(JfrEventsTest.class.getName() + ".lambda$"), pin.getString("blockingFrame"));
        assertTrue(pin.getString("blockingFrame").contains("synchronized"), pin.getString("blockingFrame"));
        assertTrue(pin.getDuration().compareTo(Duration.ZERO) > 0, pin.getDuration().toString());
        assertTrue(methods(pin).contains(JfrEventsTest.class.getName() + ".receiveInANamedMethod"), methods(pin).toString());
    }

    @Test
    void stealsAndRuntimeStatsAreRecorded() throws Exception {
        Set<Long> ran = ConcurrentHashMap.newKeySet();
        int parkedCount = 200;
        int procs = Go.gomaxprocs();
        RecordedEvent[] idle = new RecordedEvent[1];
        RecordedEvent[] busy = new RecordedEvent[1];
        AtomicInteger bursts = new AtomicInteger();
        // driven from this plain thread (Go.go without Go.run), so that it can watch the recording
        List<RecordedEvent> all = record(r -> {
            Chan<Integer> never = Chan.make();
            Chan<Integer> release = Chan.make();
            for (int i = 0; i < parkedCount; i++) {
                Go.go(() -> {
                    Select.select(Select.recv(never), Select.recv(release));
                });
            }
            // bursts of busy goroutines spawned by one goroutine (onto its P's run queue), until
            // a steal was recorded (on one P: one burst)
            long deadline = System.nanoTime() + 30_000_000_000L;
            do {
                WaitGroup wg = new WaitGroup();
                wg.add(400);
                Go.go(() -> {
                    for (int i = 0; i < 400; i++) {
                        Go.go(() -> {
                            long end = System.nanoTime() + 200_000; // busy: the other P steals
                            while (System.nanoTime() < end) {
                                Thread.onSpinWait();
                            }
                            ran.add(Go.goid());
                            wg.done();
                        });
                    }
                });
                wg.await();
                bursts.incrementAndGet();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no ProcSteal event in 30 s of bursts");
                }
            } while (procs > 1 && named(snapshot(r), "io.gpm4j.ProcSteal").isEmpty());
            // everything waits now: a sample must show every P idle, the selects waiting and
            // nothing running or runnable. A sample is no atomic snapshot (the main goroutine's
            // own sleep between two looks may end while one is taken: seen once, JDK 25, as an
            // idle sample with one goroutine runnable), so the test waits for a clean one
            idle[0] = awaitEvent(r, "io.gpm4j.RuntimeStats", "all Ps idle, the selects waiting, nothing running or runnable",
                    e -> e.getInt("waiting") >= parkedCount && e.getInt("idleProcs") == procs
                            && e.getInt("running") == 0 && e.getInt("runnable") == 0);
            // one spinning goroutine per P: a sample taken 100 ms after they started must show
            // every P running, and as many goroutines (a sample of the bursts above shows that
            // too: it does not count). The loop yields now and then, so the agent rewrites it and
            // its back-edges heed sysmon's preemption requests, and its P stays running: a loop
            // deaf to them has its P handed off 1 ms after its 10 ms slice (Sysmon.retake), and from then on
            // every P is idle while it spins (seen once in CI, JDK 25, when no burst's sample had
            // matched either; with such a loop this wait now always fails)
            java.time.Instant settled = java.time.Instant.now().plusMillis(100);
            AtomicBoolean stop = new AtomicBoolean();
            WaitGroup spinners = new WaitGroup();
            spinners.add(procs);
            for (int i = 0; i < procs; i++) {
                Go.go(() -> {
                    for (int spins = 1; !stop.get(); spins++) {
                        Thread.onSpinWait();
                        if ((spins & 0xFFFFF) == 0) {
                            Go.gosched();
                        }
                    }
                    spinners.done();
                });
            }
            try {
                busy[0] = awaitEvent(r, "io.gpm4j.RuntimeStats", "every P running 100 ms after the spinners started",
                        e -> e.getStartTime().isAfter(settled) && e.getInt("idleProcs") == 0 && e.getInt("running") >= procs);
            } finally {
                stop.set(true);
            }
            spinners.await();
            release.close();
        });
        assertEquals(400 * bursts.get(), ran.size());
        if (procs > 1) {
            List<RecordedEvent> steals = named(all, "io.gpm4j.ProcSteal");
            assertFalse(steals.isEmpty(), "a P stole");
            for (RecordedEvent s : steals) {
                assertTrue(s.getInt("taken") >= 1, s.toString());
                assertTrue(s.getInt("thiefPId") != s.getInt("victimPId"), s.toString());
            }
        }
        List<RecordedEvent> stats = named(all, "io.gpm4j.RuntimeStats");
        assertTrue(stats.stream().allMatch(s -> s.getInt("gomaxprocs") == procs), stats.toString());
        // the idle sample: no P running, no goroutine running or runnable
        assertEquals(0, idle[0].getInt("runningProcs"), idle[0].toString());
        assertEquals(0, idle[0].getInt("running"), idle[0].toString());
        assertEquals(0, idle[0].getInt("runnable"), idle[0].toString());
        assertEquals(0, idle[0].getInt("globalRunQueue"), idle[0].toString());
        // the busy sample: every P running
        assertEquals(procs, busy[0].getInt("runningProcs"), busy[0].toString());
        assertTrue(busy[0].getString("perPRunQueues").startsWith("["), busy[0].toString());
    }
}
