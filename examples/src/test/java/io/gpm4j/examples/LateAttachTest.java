package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LateAttachTest {
    @Test
    void classesLoadedBeforeALateAttachAreRetransformed() throws Exception {
        ExampleProcess.Result r = ExampleProcess.runWith(List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading"),
                "io.gpm4j.examples.LateAttach", ExampleProcess.agentJar().toAbsolutePath().toString());
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(2, lines.size(), r.stdout() + r.stderr());
        assertTrue(lines.get(0).startsWith("before attach: cannot suspend: the frame io.gpm4j.examples."), lines.get(0));
        assertTrue(lines.get(0).endsWith("was not rewritten by the agent (excluded, not known to suspend, or the rewrite failed)"), lines.get(0));
        assertEquals("after attach: 0 1 1 2 3 5 8 13", lines.get(1));
    }
}
