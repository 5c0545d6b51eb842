package io.gpm4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness keeps the evidence of a hung child, and stops it before the test's own timeout. */
class ChildProcessTest {
    private static List<String> sleeper() {
        return List.of(ChildProcess.java(), "-cp", System.getProperty("gpm4j.testkit.test.classes"), Sleeper.class.getName());
    }

    @Test
    void aHungChildFailsWithItsOutputSoFarAndAThreadDumpAndIsKilled() {
        AssertionError e = assertThrows(AssertionError.class, () -> ChildProcess.run(sleeper(), Duration.ofSeconds(3)));
        String m = e.getMessage();
        assertTrue(m.contains("did not finish in 3.0 s"), m);
        assertTrue(m.contains("--- its stdout so far ---\nsleeper: started, about to hang\n"), m);
        assertTrue(m.contains("--- its stderr so far ---\nsleeper: a line on stderr\n"), m);
        // jcmd's Thread.print, with the main thread where it hangs
        assertTrue(m.contains("Full thread dump"), m);
        assertTrue(m.contains("at io.gpm4j.testkit.Sleeper.hangHere(Sleeper.java:"), m);
        assertTrue(m.contains("--- its goroutines when the time ran out ---\n(not under the gpm4j agent: no goroutine dump)"), m);
        long pid = Long.parseLong(m.replaceAll("(?s).*\\(pid (\\d+);.*", "$1"));
        Optional<ProcessHandle> child = ProcessHandle.of(pid);
        assertTrue(child.isEmpty() || !child.get().isAlive(), "the child is gone");
    }

    @Test
    void aHungChildUnderTheAgentGivesItsGoroutineDumpToo() {
        List<String> cmd = List.of(ChildProcess.java(), "-javaagent:" + System.getProperty("gpm4j.agent.jar"),
                "-cp", System.getProperty("gpm4j.testkit.test.classes") + java.io.File.pathSeparator
                        + System.getProperty("gpm4j.runtime.classes"),
                GoroutineSleeper.class.getName());
        AssertionError e = assertThrows(AssertionError.class, () -> ChildProcess.run(cmd, Duration.ofSeconds(10))); // a loaded machine may take seconds to reach the park
        String m = e.getMessage();
        String goroutines = m.substring(m.indexOf("--- its goroutines when the time ran out ---\n"), m.indexOf("--- its threads"));
        assertTrue(goroutines.contains(" [sync.WaitGroup.Wait]:\n"), m);
        assertTrue(goroutines.contains("io.gpm4j.testkit.GoroutineSleeper.waitForNobody(GoroutineSleeper.java:"), m);
        assertTrue(m.contains("--- its stdout so far ---\nparked a goroutine\n"), m);
        assertTrue(m.contains("at io.gpm4j.testkit.GoroutineSleeper.main(GoroutineSleeper.java:"), "the thread dump: " + m);
    }

    @Test
    void aChildThatFinishesGivesItsExitCodeAndOutput() throws Exception {
        ChildProcess.Result r = ChildProcess.run(List.of(ChildProcess.java(), "-version"), Duration.ofSeconds(30));
        assertEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("version"), r.stderr());
        assertEquals("", r.stdout());
    }

    @Test
    @Timeout(40)
    void aChildGetsWhatIsLeftOfTheTestsTimeoutLessTheReportMargin() {
        Duration budget = ChildProcess.budget(Duration.ofMinutes(10));
        assertTrue(budget.compareTo(Duration.ofSeconds(40).minus(ChildProcess.REPORT_MARGIN)) <= 0, budget.toString());
        assertTrue(budget.compareTo(Duration.ofSeconds(1)) >= 0, budget.toString());
        assertEquals(Duration.ofSeconds(2), ChildProcess.budget(Duration.ofSeconds(2)), "a smaller limit of the caller's stands");
    }

    @Test
    void timeoutsAreReadInJUnitsFormat() {
        assertEquals(Duration.ofSeconds(60), TestDeadline.parse("60 s"));
        assertEquals(Duration.ofSeconds(60), TestDeadline.parse("60"));
        assertEquals(Duration.ofMillis(250), TestDeadline.parse("250ms"));
        assertEquals(Duration.ofMinutes(2), TestDeadline.parse("2 m"));
        assertEquals(null, TestDeadline.parse("soon"));
    }
}
