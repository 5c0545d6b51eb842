package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live counters file's layout and reader: what {@link LiveCounters} writes for a scheduler of
 * the test's own (no M runs in it) is what {@link CountersFile} reads back; per-P counters follow
 * GOMAXPROCS; files that are not counters files are refused with a reason. The figures of a real
 * running program are checked through the agent's {@code stat} command ({@code StatCommandTest}).
 */
class LiveCountersTest {
    @TempDir
    Path dir;

    @Test
    void theReaderSeesTheHeaderAndEveryCounterThePublisherWrote() throws IOException {
        Sched s = new Sched(1, 3);
        long before = System.currentTimeMillis();
        LiveCounters c = LiveCounters.create(s, dir, 4242, 1_700_000_000_123L);
        c.publish(System.nanoTime(), true);
        try (CountersFile f = CountersFile.open(CountersFile.path(dir, 4242))) {
            assertEquals(4242, f.pid());
            assertEquals(1_700_000_000_123L, f.startMillis());
            assertEquals(LiveCounters.PERIOD_MS, f.periodMillis());
            assertTrue(f.heartbeatMillis() >= before, "heartbeat " + f.heartbeatMillis() + " before " + before);
            assertTrue(f.idle());
            Map<String, Long> gauges = read(f, CountersFile.GAUGE);
            assertEquals(3, gauges.get("Ps"));
            assertEquals(3, gauges.get("Ps idle"), "a new scheduler's Ps are all idle");
            assertEquals(0, gauges.get("Ps running"));
            assertEquals(0, gauges.get("goroutines"));
            assertEquals(0, gauges.get("Ms"));
            for (String reason : SchedStats.WAIT_REASONS) {
                assertEquals(0, gauges.get("waiting: " + reason), reason);
            }
            assertEquals(0, gauges.get("waiting: other"));
            Map<String, Long> totals = read(f, CountersFile.TOTAL);
            assertEquals(List.of("goroutines created", "goroutines ended", "steals", "preemptions", "preemption requests",
                    "hand-offs", "netpolls", "back-edge point armings"), new ArrayList<>(totals.keySet()));
            assertEquals(Map.of("run queue P0", 0L, "run queue P1", 0L, "run queue P2", 0L), read(f, CountersFile.RUNQ_PER_P));
            assertEquals(List.of(0, 1, 2), keys(f, CountersFile.RUNQ_PER_P));

            c.publish(System.nanoTime(), false);
            assertFalse(f.idle(), "the same mapping sees the next publication");
        }
    }

    /**
     * An idle publication that kept an older walk's counts by state is unsettled, so that sysmon
     * looks again while asleep; the next one whose walk is due settles it.
     */
    @Test
    void aPublicationWithoutAWalkIsUnsettledUntilAWalkComes() throws IOException {
        Sched s = new Sched(1, 2);
        LiveCounters c = LiveCounters.create(s, dir, 4343, 0);
        long t0 = System.nanoTime();
        c.publish(t0, true);
        assertFalse(c.unsettled(), "a fresh walk of an empty scheduler");
        c.publish(t0 + 1, true); // the walk's pause has not passed
        assertTrue(c.unsettled(), "counts by state from the earlier walk");
        c.publish(t0 + 60_000_000_000L, true);
        assertFalse(c.unsettled(), "walked again");
    }

    @Test
    void perPCountersFollowGomaxprocsDownAndUp() throws IOException {
        Sched s = new Sched(1, 4);
        LiveCounters c = LiveCounters.create(s, dir, 7, 0);
        c.publish(System.nanoTime(), false);
        try (CountersFile f = CountersFile.open(CountersFile.path(dir, 7))) {
            assertEquals(List.of(0, 1, 2, 3), keys(f, CountersFile.RUNQ_PER_P));
            synchronized (s.lock) {
                s.procresize(2);
            }
            c.publish(System.nanoTime(), false);
            assertEquals(List.of(0, 1), keys(f, CountersFile.RUNQ_PER_P));
            assertEquals(2, read(f, CountersFile.GAUGE).get("Ps"));
            synchronized (s.lock) {
                s.procresize(5);
            }
            c.publish(System.nanoTime(), false);
            List<Integer> ids = keys(f, CountersFile.RUNQ_PER_P);
            ids.sort(null); // freed records are reused: allocation order is not P order
            assertEquals(List.of(0, 1, 2, 3, 4), ids);
        }
    }

    @Test
    void aFileLeftByAnEarlierProcessWithThePidIsReplaced() throws IOException {
        Files.writeString(CountersFile.path(dir, 99), "left by a crashed JVM");
        LiveCounters c = LiveCounters.create(new Sched(1, 1), dir, 99, 5);
        c.publish(System.nanoTime(), false);
        try (CountersFile f = CountersFile.open(CountersFile.path(dir, 99))) {
            assertEquals(5, f.startMillis());
        }
    }

    @Test
    void whatIsNoCountersFileIsRefusedWithAReason() throws IOException {
        Path tiny = dir.resolve("tiny");
        Files.writeString(tiny, "gpm4");
        assertTrue(assertThrows(IOException.class, () -> CountersFile.open(tiny)).getMessage().contains("is not a gpm4j counters file"));
        Path zeros = dir.resolve("zeros");
        Files.write(zeros, new byte[4096]); // a file whose writer has not stored the magic yet
        assertTrue(assertThrows(IOException.class, () -> CountersFile.open(zeros)).getMessage().contains("not yet written"));
        Path missing = dir.resolve("missing");
        assertThrows(IOException.class, () -> CountersFile.open(missing));
    }

    @Test
    void waitReasonsOutsideTheListCountAsOther() {
        assertEquals(0, SchedStats.reasonIndex("chan receive"));
        assertEquals(SchedStats.OTHER_REASON, SchedStats.reasonIndex("something new"));
        assertEquals(SchedStats.OTHER_REASON, SchedStats.reasonIndex(null));
    }

    private static Map<String, Long> read(CountersFile f, int type) {
        Map<String, Long> m = new LinkedHashMap<>();
        f.forEach((t, key, label, value) -> {
            if (t == type) {
                m.put(label, value);
            }
        });
        return m;
    }

    private static List<Integer> keys(CountersFile f, int type) {
        List<Integer> k = new ArrayList<>();
        f.forEach((t, key, label, value) -> {
            if (t == type) {
                k.add(key);
            }
        });
        return k;
    }
}
