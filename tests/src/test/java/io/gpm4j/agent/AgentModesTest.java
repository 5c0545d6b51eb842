package io.gpm4j.agent;

import io.gpm4j.ChildJvm;
import io.gpm4j.DeadlockProgram;
import io.gpm4j.GoRunDeadlockProgram;
import io.gpm4j.MainModeProgram;
import io.gpm4j.PanicProgram;

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
        assertEquals("waiting for sender\n", r.stdout());
        String err = r.stderr();
        assertTrue(err.startsWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n"), err);
        List<String> main = entry(err, "goroutine 1 [chan receive]:");
        int recv = indexOfPrefix(main, "io.gpm4j.Chan.recv(Chan.java:");
        assertTrue(recv > 0, main.toString());
        assertEquals("io.gpm4j.DeadlockProgram.waitForever(DeadlockProgram.java:26)", main.get(recv + 1), main.toString());
        assertTrue(main.get(recv + 2).startsWith("io.gpm4j.DeadlockProgram.main(DeadlockProgram.java:"), main.toString());
        // the other goroutine, blocked in a send, under its own header
        List<String> sender = err.lines().filter(l -> l.matches("goroutine \\d+ \\[chan send\\]:")).toList();
        assertEquals(1, sender.size(), err);
        List<String> frames = entry(err, sender.get(0));
        int send = indexOfPrefix(frames, "io.gpm4j.Chan.send(Chan.java:");
        assertTrue(send > 0, frames.toString());
        assertEquals("io.gpm4j.DeadlockProgram.sendForever(DeadlockProgram.java:30)", frames.get(send + 1), frames.toString());
    }

    /** Without main mode, the JVM's first Go.run runs its function as goroutine 1 too. */
    @Test
    void theFirstGoRunOfAJvmRunsGoroutineOne() throws Exception {
        ChildJvm.Result r = ChildJvm.run(null, List.of(), Map.of(), GoRunDeadlockProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().startsWith("goid=1\nall goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n"), r.stdout());
        assertTrue(entry(r.stdout(), "goroutine 1 [chan receive]:").contains(
                "io.gpm4j.GoRunDeadlockProgram.waitForever(GoRunDeadlockProgram.java:22)"), r.stdout());
    }

    static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /** The lines of the dump entry that starts with {@code header}, up to the blank line after it. */
    static List<String> entry(String dump, String header) {
        List<String> lines = dump.lines().toList();
        int at = lines.indexOf(header);
        assertTrue(at >= 0, "no \"" + header + "\" in\n" + dump);
        int end = at;
        while (end < lines.size() && !lines.get(end).isEmpty()) {
            end++;
        }
        return lines.subList(at, end);
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
