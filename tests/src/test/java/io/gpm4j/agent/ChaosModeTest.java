package io.gpm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.ChaosProgram;
import io.gpm4j.ChildJvm;
import io.gpm4j.testkit.SuiteAgentOptions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The agent's {@code chaos=N,chaosseed=S} in a fresh JVM: goroutines that never park on their own
 * are preempted at random preemption points (loop back-edges, prologues), take turns on one P, and
 * still compute what the same code computes on a plain thread. Without a seed one is drawn and
 * printed once, so that the run can be replayed.
 */
class ChaosModeTest {
    /** The children run with exactly this test's agent options, not those a chaos pass of the suite adds. */
    private static final List<String> EXACTLY = List.of("-D" + SuiteAgentOptions.PROPERTY + "=");
    private static final Pattern LINE = Pattern.compile(
            "preemptions=(\\d+) switches=(\\d+) stalls=(\\d+) handoffs=(\\d+) correct=(true|false)\n");

    @Test
    void chaosPreemptsLoopingGoroutinesWhichStillComputeTheRightResults() throws Exception {
        ChildJvm.Result r = ChildJvm.run("chaos=3,chaosseed=42", EXACTLY, Map.of(),
                ChaosProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stderr(), "a given seed is not printed");
        Matcher m = LINE.matcher(r.stdout());
        assertTrue(m.matches(), r.stdout());
        // 2 x 20,000 iterations, each passing a back-edge and a prologue: about 26,000 coin flips come up
        assertTrue(Long.parseLong(m.group(1)) > 2_000, r.stdout());
        assertTrue(Integer.parseInt(m.group(2)) > 1_000, "the two loops take turns on one P: " + r.stdout());
        assertEquals("true", m.group(5), "every local survived every preemption: " + r.stdout());
    }

    /**
     * {@code chaosstall=K}: some of the coins that come up hold the carrier in the JDK instead of
     * yielding, and sysmon hands the P to another M, which runs the other loop meanwhile; the
     * stalled goroutine goes on without a P and yields at its next point. Every result is still
     * right. With {@code chaosstall=0} nothing stalls.
     */
    @Test
    void stallsHandThePOffAndLoseNothing() throws Exception {
        ChildJvm.Result r = ChildJvm.run("chaos=3,chaosseed=42,chaosstall=2", EXACTLY, Map.of(),
                ChaosProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        Matcher m = LINE.matcher(r.stdout());
        assertTrue(m.matches(), r.stdout());
        assertTrue(Long.parseLong(m.group(3)) > 5, "stalls, at most one per M per 2 ms: " + r.stdout());
        assertTrue(Long.parseLong(m.group(4)) > 0, "sysmon retook the P of a stalled goroutine: " + r.stdout());
        assertEquals("true", m.group(5), "every local survived: " + r.stdout());

        ChildJvm.Result off = ChildJvm.run("chaos=3,chaosseed=42,chaosstall=0", EXACTLY, Map.of(),
                ChaosProgram.class.getName());
        Matcher n = LINE.matcher(off.stdout());
        assertTrue(n.matches(), off.stdout());
        assertEquals("0", n.group(3), off.stdout());
        assertEquals("true", n.group(5), off.stdout());
    }

    @Test
    void withoutChaosTheLoopsRunOneAfterTheOther() throws Exception {
        ChildJvm.Result r = ChildJvm.run(null, EXACTLY, Map.of(), ChaosProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        Matcher m = LINE.matcher(r.stdout());
        assertTrue(m.matches(), r.stdout());
        assertEquals("true", m.group(5), r.stdout());
        // sysmon may preempt a loop that runs past 10 ms, but not thousands of times
        assertTrue(Integer.parseInt(m.group(2)) < 500, r.stdout());
    }

    @Test
    void aSeedIsDrawnAndPrintedWhenNoneIsGiven() throws Exception {
        ChildJvm.Result r = ChildJvm.run("chaos=5", EXACTLY, Map.of(), ChaosProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().matches("gpm4j: chaos=5 chaosseed=-?\\d+\n"), r.stderr());
        assertTrue(r.stdout().endsWith("correct=true\n"), r.stdout());
    }
}
