package io.gpm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import org.junit.jupiter.api.Test;

/** {@code java -jar gpm4j-agent.jar ...}: the jfc command and the handling of bad arguments. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void jfcPrintsGpm4jsSettingsWhichJfrAccepts() throws Exception {
        assertEquals(0, run("jfc"));
        Map<String, String> s = Configuration.create(new StringReader(out.toString(StandardCharsets.UTF_8))).getSettings();
        assertEquals("true", s.get("io.gpm4j.GoroutinePark#enabled"));
        assertEquals("10 ms", s.get("io.gpm4j.GoroutinePark#threshold"));
        assertEquals("1 ms", s.get("io.gpm4j.GoroutinePinned#threshold"));
        assertEquals("1 s", s.get("io.gpm4j.RuntimeStats#period"));
        assertEquals("false", s.get("io.gpm4j.GoroutineCreate#enabled"));
        // per-switch events wait for the option scheduler=detailed
        assertEquals("false", s.get("io.gpm4j.SchedulerLatency#enabled"));
        assertEquals("false", s.get("io.gpm4j.GoroutineRun#enabled"));
        assertEquals("1 ms", s.get("io.gpm4j.SchedulerLatency#threshold"));
        assertTrue(s.keySet().stream().allMatch(k -> k.startsWith("io.gpm4j.")), s.toString());
    }

    @Test
    void jfcProfileIsTheJdksProfileWithGpm4jOnTop() throws Exception {
        assertEquals(0, run("jfc", "profile"));
        Map<String, String> s = Configuration.create(new StringReader(out.toString(StandardCharsets.UTF_8))).getSettings();
        Map<String, String> profile = Configuration.getConfiguration("profile").getSettings();
        assertEquals(profile.get("jdk.ExecutionSample#period"), s.get("jdk.ExecutionSample#period"));
        assertEquals(profile.get("jdk.ThreadPark#threshold"), s.get("jdk.ThreadPark#threshold"));
        assertEquals("10 ms", s.get("io.gpm4j.GoroutinePark#threshold"));
    }

    @Test
    void badArgumentsPrintTheUsageAndExitWithTwo() {
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: java -jar gpm4j-agent.jar <command>"));
        err.reset();
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("gpm4j: unknown command 'frobnicate'"));
        err.reset();
        assertEquals(2, run("report", "a.jfr", "--html"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("gpm4j: --html needs a file name"));
        err.reset();
        assertEquals(2, run("report", "a.jfr", "b.jfr"));
        assertEquals(2, run("jfc", "everything"));
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("report <recording.jfr> [--html <page.html>]"));
    }

    @Test
    void stackWithABadPidSaysSoInOneLineWithoutAttaching() throws Exception {
        String usage = " (usage: java -jar gpm4j-agent.jar stack [--timeout <seconds>] <pid>)\n";
        assertStack(2, "gpm4j: stack needs the pid of a JVM running the gpm4j agent" + usage);
        assertStack(2, "gpm4j: 'abc' is not a process id" + usage, "abc");
        assertStack(2, "gpm4j: '0' is not a process id" + usage, "0");
        assertStack(2, "gpm4j: '99999999999' is not a process id" + usage, "99999999999");
        assertStack(2, "gpm4j: one pid at a time ('1' and '2')" + usage, "1", "2");
        assertStack(2, "gpm4j: unknown option '-5'" + usage, "-5");
        assertStack(2, "gpm4j: --timeout takes whole seconds from 1 to 3600, not 'soon'" + usage, "--timeout", "soon", "1");
        assertStack(2, "gpm4j: --timeout needs a number of seconds" + usage, "1", "--timeout");
        long self = ProcessHandle.current().pid();
        assertStack(2, "gpm4j: pid " + self + " is this command's own JVM; give the application's pid" + usage, Long.toString(self));
        assertStack(1, "gpm4j: no process with pid " + Integer.MAX_VALUE + "\n", Integer.toString(Integer.MAX_VALUE));
    }

    @Test
    void statAndStackReadTheirSecondsTheSameWay() {
        String usage = " (usage: java -jar gpm4j-agent.jar stat [--once | --count <n>] [--interval <seconds>] [--dir <dir>] <pid>)\n";
        for (String bad : List.of("0", "3601", "-1", "1.5", "soon")) {
            err.reset();
            assertEquals(2, run("stat", "--interval", bad, "1"));
            assertEquals("gpm4j: --interval takes whole seconds from 1 to 3600, not '" + bad + "'" + usage,
                    err.toString(StandardCharsets.UTF_8));
        }
        err.reset();
        assertEquals(2, run("stat", "1", "--interval"));
        assertEquals("gpm4j: --interval needs a number of seconds" + usage, err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("stack", "--timeout", "3601", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("gpm4j: --timeout takes whole seconds from 1 to 3600, not '3601'"));
    }

    @Test
    void stackRefusesAProcessThatIsNoJvmAndSendsItNothing() throws Exception {
        // SIGQUIT, which attaching sends, would end this process: it must be alive afterwards
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            assertStack(1, "gpm4j: pid " + sleep.pid() + " is not a Java virtual machine\n", Long.toString(sleep.pid()));
            assertTrue(sleep.isAlive());
        } finally {
            sleep.destroyForcibly();
        }
    }

    private void assertStack(int status, String stderr, String... pidArgs) {
        out.reset();
        err.reset();
        String[] args = new String[pidArgs.length + 1];
        args[0] = "stack";
        System.arraycopy(pidArgs, 0, args, 1, pidArgs.length);
        assertEquals(status, run(args), err.toString(StandardCharsets.UTF_8));
        assertEquals(stderr, err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
