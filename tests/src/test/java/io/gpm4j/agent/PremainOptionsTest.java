package io.gpm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.ChildJvm;
import io.gpm4j.MainModeProgram;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Options that {@code AgentOptions} does not accept, through the real {@code premain} in a fresh
 * JVM: one warning line on standard error names each bad token, the token is ignored, and the
 * application runs with the rest.
 */
class PremainOptionsTest {
    @Test
    void aMisspelledFlagInAPackageListIsReportedAndTheOptionsAfterItStillApply() throws Exception {
        ChildJvm.Result r = ChildJvm.run("exclude=com.example.elsewhere,verbos,main", List.of(), Map.of(),
                MainModeProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("gpm4j: warning: option 'verbos' in the exclude list looks like the option 'verbose' misspelled, "
                + "not a package; ignored\n", r.stderr(), "one line, and no verbose output");
        assertEquals("goid=1 thread=main\ndone 100\n", r.stdout(), "main, after the bad token, applies");
    }

    @Test
    void flagValuesOtherThanTrueOrFalseAndAScheddetailOtherThanZeroOrOneAreReportedAndIgnored() throws Exception {
        ChildJvm.Result r = ChildJvm.run("main=yes,verbose=yes,scheddetail=7", List.of(), Map.of(),
                MainModeProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("""
                gpm4j: warning: option 'main=yes' needs true or false (or the bare flag); ignored
                gpm4j: warning: option 'verbose=yes' needs true or false (or the bare flag); ignored
                gpm4j: warning: option 'scheddetail=7' needs 0 or 1 (scheddetail=1); ignored
                """, r.stderr(), "three lines, and no verbose output");
        assertEquals("goid=0 thread=main\ndone 100\n", r.stdout(), "main=yes ignored: main is a plain thread");
    }
}
