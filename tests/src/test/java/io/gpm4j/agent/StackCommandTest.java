package io.gpm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.ChildJvm;
import io.gpm4j.StackTargetProgram;
import io.gpm4j.testkit.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar gpm4j-agent.jar stack <pid>} against child JVMs under the agent: goroutines
 * parked in named methods, a program whose goroutines are all deadlocked, one whose scheduler
 * lock is held for ever, and pids that are no JVM under gpm4j. The command runs on the JDK that
 * runs the tests (JDK 17 and JDK 25 in CI, {@code .ci/run}), against a child on the same JDK.
 */
class StackCommandTest {
    private static final Pattern HEADER = Pattern.compile("goroutine \\d+ \\[[^\\]]+\\]:");
    private static final Pattern FRAME = Pattern.compile("[\\w$.]+\\.[\\w$<>]+\\(([\\w$]+\\.java:\\d+|Unknown Source)\\)");
    private static final String UNAVAILABLE = "\tgoroutine running on other thread; stack unavailable";
    private static final Duration READY = Duration.ofSeconds(30);
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @Test
    void printsTheGoroutinesOfABusyJvmInGoFormatAndLeavesItRunning() throws Exception {
        try (ChildProcess.Running child = ChildJvm.start(JAVA_HOME, null, List.of(), StackTargetProgram.class.getName(), "parked")) {
            child.awaitStdout("ready", READY);
            ChildJvm.Result r = stack(Long.toString(child.pid()));
            assertEquals(0, r.exitCode(), r.stderr());
            List<List<String>> goroutines = goroutines(r.stdout());
            List<String> ticket = withReason(goroutines, "chan receive", r.stdout());
            assertTrue(ticket.stream().anyMatch(f -> f.startsWith("io.gpm4j.StackTargetProgram.waitForTheTicket(StackTargetProgram.java:")), r.stdout());
            assertTrue(ticket.stream().anyMatch(f -> f.startsWith("io.gpm4j.Chan.recv(")), r.stdout());
            List<String> nap = withReason(goroutines, "sleep", r.stdout());
            assertTrue(nap.stream().anyMatch(f -> f.startsWith("io.gpm4j.StackTargetProgram.napForAnHour(StackTargetProgram.java:")), r.stdout());
            // the spinning goroutine is running (or, preempted, runnable; or, its P handed off by
            // sysmon 1 ms deaf to preemption after its 10 ms slice, in a syscall) while the dump is taken
            assertTrue(goroutines.stream().anyMatch(g -> g.get(0).endsWith("[running]:") || g.get(0).endsWith("[runnable]:")
                    || g.get(0).endsWith("[syscall]:")), r.stdout());

            // the application runs on, and asking again gives the same parked goroutines
            assertEquals("ready\n", child.stdout());
            ChildJvm.Result again = stack(Long.toString(child.pid()));
            assertEquals(0, again.exitCode(), again.stderr());
            assertEquals(ticket, withReason(goroutines(again.stdout()), "chan receive", again.stdout()));
            assertQuiet(child);
            if (Runtime.version().feature() >= 21) {
                // JEP 451: the child printed the JDK's warning; the command says why and how to avoid it
                assertTrue(child.stderr().contains("WARNING: A Java agent has been loaded dynamically"), child.stderr());
                assertEquals(List.of("gpm4j: note: pid " + child.pid() + " printed the JDK's warning about a dynamically loaded agent"
                        + " on its standard error; -XX:+EnableDynamicAgentLoading at its start keeps it quiet"), errorLines(r));
            } else {
                assertEquals("", r.stderr());
            }
        }
    }

    @Test
    void printsEveryGoroutineOfAJvmWhoseGoroutinesAreAllDeadlocked() throws Exception {
        // started as the README advises on JDK 21+, so that a request leaves no warning behind
        List<String> quiet = List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading");
        try (ChildProcess.Running child = ChildJvm.start(JAVA_HOME, null, quiet, StackTargetProgram.class.getName(), "deadlocked")) {
            child.awaitStdout("ready", READY);
            ChildJvm.Result r = stack(Long.toString(child.pid()));
            assertEquals(0, r.exitCode(), r.stderr());
            List<List<String>> goroutines = goroutines(r.stdout());
            assertEquals(4, goroutines.size(), r.stdout());
            List<List<String>> locking = goroutines.stream().filter(g -> g.get(0).endsWith("[sync.Mutex.Lock]:")).toList();
            List<List<String>> sending = goroutines.stream().filter(g -> g.get(0).endsWith("[chan send]:")).toList();
            assertEquals(2, locking.size(), r.stdout());
            assertEquals(2, sending.size(), r.stdout());
            for (List<String> g : locking) {
                assertTrue(g.stream().anyMatch(f -> f.startsWith("io.gpm4j.sync.Mutex.lock(")), r.stdout());
                assertTrue(g.stream().anyMatch(f -> f.startsWith("io.gpm4j.StackTargetProgram.lockBoth(StackTargetProgram.java:")), r.stdout());
            }
            for (List<String> g : sending) {
                assertTrue(g.stream().anyMatch(f -> f.startsWith("io.gpm4j.StackTargetProgram.sendToEachOther(StackTargetProgram.java:")), r.stdout());
            }
            assertEquals("", child.stderr());
            assertEquals("", r.stderr());
        }
    }

    @Test
    void aSchedLockHeldForEverEndsTheWaitWithAClearMessageAndTheAttachListenerAnswersAgain() throws Exception {
        try (ChildProcess.Running child = ChildJvm.start(JAVA_HOME, null, List.of(), StackTargetProgram.class.getName(), "lockheld")) {
            child.awaitStdout("ready", READY);
            String pid = Long.toString(child.pid());
            ChildJvm.Result r = stack("--timeout", "2", pid);
            assertEquals(1, r.exitCode(), r.stderr());
            assertEquals("", r.stdout());
            assertEquals(1, errorLines(r).size(), r.stderr());
            assertTrue(errorLines(r).get(0).startsWith("gpm4j: pid " + pid + " took no goroutine dump in 2 s: its scheduler lock stayed held"), r.stderr());
            // the attach listener was not left hanging: it answers at once, and no second dump
            // thread piles up behind the first
            ChildJvm.Result again = stack("--timeout", "2", pid);
            assertEquals(1, again.exitCode(), again.stderr());
            assertTrue(errorLines(again).get(0).startsWith("gpm4j: pid " + pid + " is still waiting for its scheduler lock"), again.stderr());
            assertQuiet(child);
        }
    }

    @Test
    void aJvmWithoutGpm4jADeadPidAndBadArgumentsGetOneLineAndANonZeroStatus() throws Exception {
        try (ChildProcess.Running plain = ChildJvm.startWithoutAgent(JAVA_HOME, StackTargetProgram.class.getName(), "plain")) {
            plain.awaitStdout("ready", READY);
            ChildJvm.Result r = stack(Long.toString(plain.pid()));
            assertEquals(1, r.exitCode(), r.stderr());
            assertEquals(List.of("gpm4j: pid " + plain.pid() + " runs no gpm4j agent (java -javaagent:gpm4j-agent.jar ...; or one older than this command)"),
                    errorLines(r));
            assertFalse(plain.stderr().contains("WARNING: A Java agent"), "nothing was loaded into it:\n" + plain.stderr());
        }
        ChildJvm.Result dead = stack(Integer.toString(Integer.MAX_VALUE));
        assertEquals(1, dead.exitCode(), dead.stderr());
        assertEquals(List.of("gpm4j: no process with pid " + Integer.MAX_VALUE), errorLines(dead));
        for (String[] args : List.of(new String[] {"twelve"}, new String[] {}, new String[] {"0"})) {
            ChildJvm.Result bad = stack(args);
            assertEquals(2, bad.exitCode(), bad.stderr());
            assertEquals(1, errorLines(bad).size(), bad.stderr());
            assertTrue(errorLines(bad).get(0).endsWith("(usage: java -jar gpm4j-agent.jar stack [--timeout <seconds>] <pid>)"), bad.stderr());
            assertEquals("", bad.stdout());
        }
    }

    @Test
    void theCommandsOwnJvmInstallsNoRewrite() throws Exception {
        // jdk.instrument.traceUsage (JDK 21+) prints each Instrumentation call on standard output;
        // the jar's Launcher-Agent-Class must not install the transformer into the tools' JVM
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "jdk.instrument.traceUsage is JDK 21+");
        ChildJvm.Result r = ChildJvm.agentCommand(JAVA_HOME, List.of("-Djdk.instrument.traceUsage"), "stack", Integer.toString(Integer.MAX_VALUE));
        assertEquals(1, r.exitCode(), r.stderr());
        assertEquals("", r.stdout());
    }

    private static ChildJvm.Result stack(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("stack"));
        all.addAll(List.of(args));
        return ChildJvm.agentCommand(JAVA_HOME, all.toArray(String[]::new));
    }

    /**
     * The command's stderr lines of its own ({@code gpm4j: ...}); the command JVM itself runs the
     * agent (the jar's {@code Launcher-Agent-Class}), which says nothing unless something is wrong.
     */
    private static List<String> errorLines(ChildJvm.Result r) {
        return r.stderr().lines().filter(l -> !l.isBlank()).toList();
    }

    /**
     * The dump split into goroutines, each its header and its frames; fails unless every line is
     * a header, a frame, Go's "stack unavailable" line or the blank line between goroutines.
     */
    private static List<List<String>> goroutines(String dump) {
        List<List<String>> all = new ArrayList<>();
        for (String line : dump.lines().toList()) {
            if (HEADER.matcher(line).matches()) {
                all.add(new ArrayList<>(List.of(line)));
            } else if (line.isEmpty()) {
                continue;
            } else {
                assertFalse(all.isEmpty(), "a frame before the first goroutine header:\n" + dump);
                assertTrue(FRAME.matcher(line).matches() || line.equals(UNAVAILABLE), "not a frame: '" + line + "' in\n" + dump);
                all.get(all.size() - 1).add(line);
            }
        }
        assertFalse(all.isEmpty(), "no goroutine in\n" + dump);
        return all;
    }

    /** The frames of the one goroutine waiting with {@code reason}. */
    private static List<String> withReason(List<List<String>> goroutines, String reason, String dump) {
        List<List<String>> found = goroutines.stream().filter(g -> g.get(0).endsWith("[" + reason + "]:")).toList();
        assertEquals(1, found.size(), "goroutines [" + reason + "] in\n" + dump);
        return found.get(0).subList(1, found.get(0).size());
    }

    /**
     * The child said nothing of its own about the requests: no gpm4j warning (no second install,
     * no bad request), no exception; only the JDK's warning about a dynamically loaded agent,
     * which JDK 21 and later print unless started with {@code -XX:+EnableDynamicAgentLoading}.
     */
    private static void assertQuiet(ChildProcess.Running child) {
        for (String line : child.stderr().lines().toList()) {
            assertTrue(line.startsWith("WARNING: "), "the child printed:\n" + child.stderr());
        }
    }
}
