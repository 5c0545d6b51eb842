package io.gpm4j.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.Select;
import io.gpm4j.time.Time;
import io.gpm4j.sync.WaitGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

    /** Records {@code program} with every gpm4j event on, thresholds 0, stats every 50 ms. */
    static List<RecordedEvent> record(Runnable program) throws Exception {
        Path file = Files.createTempFile("gpm4j-jfr-test", ".jfr");
        try (Recording r = new Recording()) {
            for (String e : EVENTS) {
                r.enable(e).withThreshold(Duration.ZERO).withStackTrace().withPeriod(Duration.ofMillis(50));
            }
            r.start();
            program.run();
            Thread.sleep(120); // at least one RuntimeStats period
            r.stop();
            r.dump(file);
            return RecordingFile.readAllEvents(file);
        } finally {
            Files.deleteIfExists(file);
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
                Time.sleep(Duration.ofMillis(30));
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
        assertTrue(park.getDuration().toMillis() >= 20, "parked while the sender slept: " + park.getDuration());
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
        assertEquals(Set.of("parked", "ended"), outcomes);
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
            Time.sleep(Duration.ofMillis(30));
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
        assertTrue(pin.getDuration().toMillis() >= 20, pin.getDuration().toString());
        assertTrue(methods(pin).contains(JfrEventsTest.class.getName() + ".receiveInANamedMethod"), methods(pin).toString());
    }

    @Test
    void stealsAndRuntimeStatsAreRecorded() throws Exception {
        Set<Long> ran = ConcurrentHashMap.newKeySet();
        int parkedCount = 200;
        List<RecordedEvent> all = record(() -> Go.run(() -> {
            Chan<Integer> never = Chan.make();
            Chan<Integer> release = Chan.make();
            for (int i = 0; i < parkedCount; i++) {
                Go.go(() -> {
                    Select.select(Select.recv(never), Select.recv(release));
                });
            }
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 400; i++) {
                wg.add(1);
                Go.go(() -> {
                    long end = System.nanoTime() + 200_000; // busy: the other P steals
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    ran.add(Go.goid());
                    wg.done();
                });
            }
            wg.await();
            Time.sleep(Duration.ofMillis(120)); // stats periods with the select goroutines parked
            release.close();
        }));
        assertEquals(400, ran.size());
        if (Go.gomaxprocs() > 1) {
            List<RecordedEvent> steals = named(all, "io.gpm4j.ProcSteal");
            assertFalse(steals.isEmpty(), "a P stole");
            for (RecordedEvent s : steals) {
                assertTrue(s.getInt("taken") >= 1, s.toString());
                assertTrue(s.getInt("thiefPId") != s.getInt("victimPId"), s.toString());
            }
        }
        List<RecordedEvent> stats = named(all, "io.gpm4j.RuntimeStats");
        assertFalse(stats.isEmpty(), "periodic stats");
        assertTrue(stats.stream().allMatch(s -> s.getInt("gomaxprocs") == Go.gomaxprocs()), stats.toString());
        assertTrue(stats.stream().anyMatch(s -> s.getInt("waiting") >= parkedCount), "the parked selects were counted");
        RecordedEvent last = stats.get(stats.size() - 1);
        assertEquals(last.getInt("gomaxprocs"), last.getInt("idleProcs") + last.getInt("runningProcs"), last.toString());
        assertTrue(last.getString("perPRunQueues").startsWith("["), last.toString());
    }
}
