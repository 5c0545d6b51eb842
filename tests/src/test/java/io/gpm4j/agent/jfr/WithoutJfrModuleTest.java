package io.gpm4j.agent.jfr;

import io.gpm4j.ReportProgram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.ChildJvm;
import io.gpm4j.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a Java runtime without {@code jdk.jfr} (a jlinked image), the runtime's JFR hooks stay out
 * of the way: programs run as usual, and the agent's {@code jfr} option and the report command
 * say why they cannot work instead of failing.
 */
class WithoutJfrModuleTest {
    @TempDir
    static Path dir;
    static Path image;

    @BeforeAll
    static void linkARuntimeWithoutJfr() throws Exception {
        image = dir.resolve("jre");
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        ChildProcess.Result p = ChildProcess.run(List.of(jlink.toString(), "--add-modules",
                "java.base,java.instrument,java.logging,java.management,jdk.unsupported", "--output", image.toString()),
                ChildJvm.LIMIT);
        // a JDK without jmods (and without JEP 493's linking from the run-time image) cannot link
        Assumptions.assumeTrue(p.exitCode() == 0, "jlink cannot link a runtime on this JDK: " + p.stdout() + p.stderr());
        assertTrue(Files.isExecutable(image.resolve("bin").resolve("java")));
    }

    @Test
    void programsRunAndTheJfrOptionExplainsItself() throws Exception {
        ChildJvm.Result r = ChildJvm.run(image, "main,jfr", List.of(), Map.of(), ReportProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("done\n", r.stdout());
        assertEquals("gpm4j: warning: option 'jfr': this Java runtime has no jdk.jfr module; the application runs without a recording\n",
                r.stderr());
    }

    @Test
    void theReportCommandSaysWhatIsMissing() throws Exception {
        JfrReportTest.ProcessResult r = JfrReportTest.agentJar(image, "report", "any.jfr");
        assertEquals(1, r.code());
        assertEquals("gpm4j: this Java runtime has no jdk.jfr module; run 'report' with a full JDK\n", r.err());
    }
}
