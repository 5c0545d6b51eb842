package io.gpm4j.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's {@code main} and {@code panic=exit} options, each in a fresh JVM. */
class AgentModesTest {
    @Test
    void mainModeRunsMainAsGoroutineOneOnTheMainThread() throws Exception {
        ChildJvm.Result r = ChildJvm.run("main", List.of(), Map.of(), MainModeProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("goid=1 thread=main\ndone 100\n", r.stdout());
        assertEquals("", r.stderr());
    }

    @Test
    void withoutMainModeMainIsAPlainThread() throws Exception {
        ChildJvm.Result r = ChildJvm.run(null, List.of(), Map.of(), MainModeProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().startsWith("goid=0 thread=main\n"), r.stdout());
    }

    @Test
    void aDeadlockInMainModePrintsGosFatalErrorWithTheDumpAndExitsWithTwo() throws Exception {
        ChildJvm.Result r = ChildJvm.run("main", List.of(), Map.of(), DeadlockProgram.class.getName());
        assertEquals(2, r.exitCode(), r.stdout() + r.stderr());
        assertEquals("waiting\n", r.stdout());
        assertTrue(r.stderr().startsWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n"),
                r.stderr());
        List<String> lines = r.stderr().lines().toList();
        assertTrue(lines.contains("io.gpm4j.runtime.park.Parking.park(Parking.java:27)"), r.stderr());
        assertTrue(lines.contains("io.gpm4j.debug.DeadlockProgram.waitForever(DeadlockProgram.java:17)"), r.stderr());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("io.gpm4j.debug.DeadlockProgram.main(DeadlockProgram.java:")),
                r.stderr());
    }

    @Test
    void panicExitEndsTheProgramAsGoDoes() throws Exception {
        ChildJvm.Result r = ChildJvm.run("panic=exit", List.of(), Map.of(), PanicProgram.class.getName());
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().startsWith("panic: java.lang.IllegalStateException: boom\n\ngoroutine "), r.stderr());
        assertTrue(r.stderr().contains(" [running]:\n"), r.stderr());
        assertEquals("", r.stdout());
    }

    @Test
    void byDefaultAnUncaughtGoroutineExceptionIsReportedAndTheProgramGoesOn() throws Exception {
        ChildJvm.Result r = ChildJvm.run(null, List.of(), Map.of(), PanicProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("after\n", r.stdout());
        assertTrue(r.stderr().startsWith("Exception in goroutine "), r.stderr());
        assertTrue(r.stderr().contains("java.lang.IllegalStateException: boom"), r.stderr());
    }
}
