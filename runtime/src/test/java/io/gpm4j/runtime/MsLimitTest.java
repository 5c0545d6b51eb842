package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The limit on Ms alive ({@code gpm4j.maxthreads}, Go's sched.maxmcount): one M past it is fatal
 * as Go's checkmcount is; a bad setting warns and keeps the default.
 */
class MsLimitTest {

    @Test
    void oneMPastTheLimitIsThreadExhaustion() throws Exception {
        // One P, three Ms allowed: m0 (the Go.run caller) and two carriers; every goroutine
        // blocks its carrier, so the fourth M the hand-offs need is one too many.
        FatalTest.Result r = FatalTest.runChild(
                List.of("-Dgpm4j.maxthreads=3", "-Dgpm4j.gomaxprocs=1"), "threads");
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().startsWith(
                "runtime: program exceeds 3-thread limit\nfatal error: thread exhaustion\n\ngoroutine "),
                r.stderr());
        // m0 and the two carriers block their goroutines, and the hand-off of the last P asks for
        // the fourth M: the limit counts three Ms, not two or four. The asking thread is the last
        // blocking goroutine's M (the dump shows that goroutine running, in Ms.checkmcount), or
        // sysmon, when it retook the P first: then all three show blocked, or one shows in a
        // syscall, still on its way to block (sysmon retakes the P of a goroutine that ignores a
        // preemption request for 1 ms, and a cold first look for the pinning frame can take
        // longer than its time slice on a loaded machine).
        int blocked = r.stderr().split("\\[select \\(no cases\\)\\]:\n", -1).length - 1;
        int onTheirWay = r.stderr().split("\\[syscall\\]:\n", -1).length - 1;
        boolean askerRuns = r.stderr().contains("[running]:\n") && r.stderr().contains("Ms.checkmcount");
        assertEquals(3, blocked + onTheirWay + (askerRuns ? 1 : 0), "three goroutines block three Ms: " + r.stderr());
        assertTrue(r.stderr().contains("FatalProgram"), "the dump shows their frames: " + r.stderr());
        assertFalse(r.stderr().contains("panic: "), r.stderr());
        assertEquals("", r.stdout(), "nothing runs after a fatal error");
    }

    @Test
    void theLimitIsInclusive() throws Exception {
        // The same program needs twelve Ms: m0, one carrier per blocked goroutine (the P is handed
        // on while the run queue holds work) and, after the last, a spinning M that finds none.
        FatalTest.Result r = FatalTest.runChild(
                List.of("-Dgpm4j.maxthreads=12", "-Dgpm4j.gomaxprocs=1"), "threads-within-limit");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("11 goroutines block their carriers on 12 Ms\n", r.stdout(), r.stderr());
        assertEquals("", r.stderr());
    }

    @Test
    void theLimitDefaultsToGos() {
        assertEquals(10_000, Ms.DEFAULT_MAX_THREADS);
        assertEquals(10_000, Ms.maxThreads(null, failOnWrite()));
    }

    @Test
    void aPositiveIntegerSetsTheLimit() {
        assertEquals(3, Ms.maxThreads("3", failOnWrite()));
        assertEquals(20_000, Ms.maxThreads(" 20000 ", failOnWrite()));
    }

    @Test
    void aBadValueWarnsOnceAndKeepsTheDefault() {
        for (String bad : new String[] {"0", "-5", "lots", "", "1e4", "99999999999"}) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int limit = Ms.maxThreads(bad, new PrintStream(buf, true, StandardCharsets.UTF_8));
            assertEquals(Ms.DEFAULT_MAX_THREADS, limit, bad);
            String warning = buf.toString(StandardCharsets.UTF_8);
            assertEquals(1, warning.lines().count(), warning);
            assertTrue(warning.endsWith("\n"), warning);
            assertTrue(warning.contains("gpm4j.maxthreads=" + bad + " "), warning);
            assertTrue(warning.contains("10000"), warning);
        }
    }

    private static PrintStream failOnWrite() {
        return new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("no warning expected");
            }
        });
    }
}
