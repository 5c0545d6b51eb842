package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How ThreadLocals behave is decided once per JVM: per goroutine under the agent (which opens
 * java.lang to a module of gpm4j's own, not to the application) or with {@code --add-opens}; per carrier thread, with one warning,
 * when the runtime runs without that access; per carrier thread, silently, with
 * {@code -Dgpm4j.threadlocals=carrier}. Each in a child JVM running {@link ThreadLocalsModeProgram}.
 */
class ThreadLocalsModeTest {
    private static final String WARNING = "gpm4j: warning: ThreadLocals stay per carrier thread";

    @Test
    void underTheAgentThreadLocalsBelongToTheGoroutine() throws Exception {
        ChildJvm.Result r = ChildJvm.run(null, List.of(), Map.of(), ThreadLocalsModeProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("mode=[]"), r.stdout());
        assertTrue(r.stdout().contains("leftovers=0\n"), r.stdout());
        assertTrue(r.stdout().contains("caller sees=null"), r.stdout());
        assertFalse(r.stderr().contains(WARNING), r.stderr());
        // the agent opened java.lang to gpm4j's own module, not to the class path it shares
        // with the application: the application's access is what it is without the agent
        assertTrue(r.stdout().contains("application opens java.lang=false"), r.stdout());
    }

    /** The opt-out: 100 goroutines share the few carriers' maps, so most find another's value. */
    @Test
    void theCarrierOptOutKeepsThemPerThread() throws Exception {
        ChildJvm.Result r = ChildJvm.run(null, List.of("-Dgpm4j.threadlocals=carrier"), Map.of(),
                ThreadLocalsModeProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("mode=[carrier (gpm4j.threadlocals=carrier)]"), r.stdout());
        assertTrue(leftovers(r) > 0, "100 goroutines on a handful of threads: some find a leftover\n" + r.stdout());
        assertFalse(r.stderr().contains(WARNING), "the opt-out is silent: " + r.stderr());
    }

    @Test
    void withoutAccessToJavaLangOneWarningAndPerCarrierThreadLocals() throws Exception {
        ChildJvm.Result r = ChildJvm.runWithoutAgent(List.of(), ThreadLocalsModeProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("mode=[carrier (no access to java.lang"), r.stdout());
        assertTrue(leftovers(r) > 0, r.stdout());
        assertEquals(1, r.stderr().split(WARNING, -1).length - 1, "exactly one warning:\n" + r.stderr());
        assertTrue(r.stderr().contains("--add-opens java.base/java.lang=ALL-UNNAMED"), r.stderr());
    }

    /** The runtime without the agent but with --add-opens switches the maps too. */
    @Test
    void withAddOpensAndNoAgentThreadLocalsBelongToTheGoroutine() throws Exception {
        ChildJvm.Result r = ChildJvm.runWithoutAgent(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"),
                ThreadLocalsModeProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("mode=[]"), r.stdout());
        assertTrue(r.stdout().contains("leftovers=0\n"), r.stdout());
        assertFalse(r.stderr().contains(WARNING), r.stderr());
        assertTrue(r.stdout().contains("application opens java.lang=true"), "the probe sees an opening:\n" + r.stdout());
    }

    private static int leftovers(ChildJvm.Result r) {
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("leftovers=")) {
                return Integer.parseInt(line.substring("leftovers=".length()).trim());
            }
        }
        throw new AssertionError("no leftovers line:\n" + r.stdout());
    }
}
