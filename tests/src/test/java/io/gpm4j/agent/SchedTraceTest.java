package io.gpm4j.agent;

import io.gpm4j.BusyProgram;
import io.gpm4j.ChildJvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * schedtrace and scheddetail print Go 1.19's lines, configured as in Go, with gpm4j's hand-off
 * and preemption counts after Go's fields.
 */
class SchedTraceTest {
    /** gpm4j's fields after Go's: Ms in hand-off now, Ps retaken so far, preemptions so far. */
    private static final String HAND_OFFS = " handoffthreads=\\d+ handoffs=\\d+ preemptions=\\d+ backedgearms=\\d+";
    private static final Pattern SCHED = Pattern.compile(
            "SCHED \\d+ms: gomaxprocs=2 idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+ idlethreads=\\d+ runqueue=\\d+ \\[\\d+ \\d+\\]" + HAND_OFFS);
    private static final Pattern DETAIL_HEADER = Pattern.compile(
            "SCHED \\d+ms: gomaxprocs=2 idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+ idlethreads=\\d+ runqueue=\\d+"
                    + " gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0" + HAND_OFFS);
    private static final Pattern P_LINE = Pattern.compile(
            "  P\\d+: status=\\d schedtick=\\d+ syscalltick=\\d+ m=-?\\d+ runqsize=\\d+ gfreecnt=\\d+ timerslen=0");
    private static final Pattern M_LINE = Pattern.compile(
            "  M\\d+: p=-?\\d+ curg=-?\\d+ mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=(true|false)"
                    + " blocked=(true|false) handedoff=(true|false) lockedg=-1");
    private static final Pattern G_LINE = Pattern.compile("  G\\d+: status=\\d\\([^)]*\\) m=-?\\d+ lockedm=-1");

    @Test
    void agentOptionPrintsASchedLineEveryPeriod() throws Exception {
        ChildJvm.Result r = ChildJvm.run("schedtrace=100", List.of("-Dgpm4j.gomaxprocs=2"), Map.of(),
                BusyProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("done\n", r.stdout());
        List<String> lines = r.stderr().lines().filter(l -> l.startsWith("SCHED")).toList();
        assertTrue(lines.size() >= 3, r.stderr());
        for (String l : lines) {
            assertTrue(SCHED.matcher(l).matches(), l);
        }
        assertTrue(lines.get(0).startsWith("SCHED 0ms: "), lines.get(0));
    }

    @Test
    void godebugEnvironmentWithScheddetailPrintsPMAndGLines() throws Exception {
        ChildJvm.Result r = ChildJvm.run(null, List.of("-Dgpm4j.gomaxprocs=2"),
                Map.of("GODEBUG", "schedtrace=150,scheddetail=1"), BusyProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> lines = r.stderr().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> DETAIL_HEADER.matcher(l).matches()), r.stderr());
        assertTrue(lines.stream().anyMatch(l -> P_LINE.matcher(l).matches()), r.stderr());
        assertTrue(lines.stream().anyMatch(l -> M_LINE.matcher(l).matches()), r.stderr());
        assertTrue(lines.stream().anyMatch(l -> G_LINE.matcher(l).matches()), r.stderr());
        for (String l : lines) {
            if (l.startsWith("SCHED")) {
                assertTrue(DETAIL_HEADER.matcher(l).matches(), l);
            } else if (l.startsWith("  P")) {
                assertTrue(P_LINE.matcher(l).matches(), l);
            } else if (l.startsWith("  M")) {
                assertTrue(M_LINE.matcher(l).matches(), l);
            } else if (l.startsWith("  G")) {
                assertTrue(G_LINE.matcher(l).matches(), l);
            }
        }
    }

    @Test
    void systemPropertyWorksTooAndNothingIsPrintedWithoutIt() throws Exception {
        ChildJvm.Result on = ChildJvm.run(null, List.of("-Dgpm4j.gomaxprocs=2", "-Dgpm4j.debug=schedtrace=100"),
                Map.of(), BusyProgram.class.getName());
        assertTrue(on.stderr().lines().anyMatch(l -> SCHED.matcher(l).matches()), on.stderr());
        ChildJvm.Result off = ChildJvm.run(null, List.of("-Dgpm4j.gomaxprocs=2"), Map.of(), BusyProgram.class.getName());
        assertEquals("", off.stderr());
    }
}
