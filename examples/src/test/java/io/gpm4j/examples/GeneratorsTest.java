package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
    @Test
    void mainPrintsFibonacciAndTheTreeInOrderUnderTheAgent() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run(null, "io.gpm4j.examples.Generators");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("fibonacci: 0 1 1 2 3 5 8 13 21 34 55 89 144 233 377\n"
                + "in order: 20 30 35 40 50 60 65 70 80\n", r.stdout());
        assertEquals("", r.stderr(), "nothing on standard error: no warning from gpm4j, nor from the JDK about it");
    }

    @Test
    void withoutTheRewriteASuspensionPinsWithAClearError() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run("exclude=io.gpm4j.examples", "io.gpm4j.examples.Generators");
        assertTrue(r.exitCode() != 0);
        assertTrue(r.stderr().contains("cannot suspend: the frame io.gpm4j.examples."), r.stderr());
        assertTrue(r.stderr().contains("was not rewritten by the agent"), r.stderr());
    }

    @Test
    void verboseNamesEachRewrittenClassAndItsMethods() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run("verbose", "io.gpm4j.examples.Generators");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("gpm4j: agent installed"), r.stderr());
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("gpm4j: rewrote io.gpm4j.examples.Generator [")
                && l.contains("yield(Ljava/lang/Object;)V")), r.stderr());
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("gpm4j: rewrote io.gpm4j.examples.Generators [")
                && l.contains("walk(")), r.stderr());
    }

    @Test
    void includeLimitsTheRewriteToTheNamedPackages() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run("include=com.example.elsewhere", "io.gpm4j.examples.Generators");
        assertTrue(r.exitCode() != 0);
        assertTrue(r.stderr().contains("was not rewritten by the agent"), r.stderr());
        ExampleProcess.Result ok = ExampleProcess.run("include=io.gpm4j.examples,com.example.elsewhere",
                "io.gpm4j.examples.Generators");
        assertEquals(0, ok.exitCode(), ok.stderr());
    }

    @Test
    void generatorsWorkInThisJvmWhichRunsUnderTheAgentToo() {
        List<Long> firstTen = new ArrayList<>();
        Generator<Long> f = Generators.fibonacci();
        for (int i = 0; i < 10; i++) {
            firstTen.add(f.next());
        }
        assertEquals(List.of(0L, 1L, 1L, 2L, 3L, 5L, 8L, 13L, 21L, 34L), firstTen);

        List<Integer> values = new ArrayList<>();
        Generators.inOrder(Generators.Tree.of(5, 3, 8, 1, 4)).forEachRemaining(values::add);
        assertEquals(List.of(1, 3, 4, 5, 8), values);
    }
}
