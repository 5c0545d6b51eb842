package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.testkit.RewritingClassLoader;
import io.gpm4j.agent.testkit.Subject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every class of the shapes package goes through the rewrite and ASM's verifier (the loader
 * verifies each rewritten class as it defines it), nothing is refused, and the methods that may
 * suspend are the ones rewritten.
 */
class ShapesVerifyTest {
    @Test
    void everyShapeClassIsRewrittenAndVerifies() throws Exception {
        List<String> names = shapeClasses();
        assertTrue(names.size() > 40, names.toString());
        // ExcludedRelay is rewritten here too: the runtime's call-site table is per loader, so this
        // does not hide that PinningTest's loader leaves it alone
        RewritingClassLoader loader = new RewritingClassLoader("io.gpm4j.shapes.");
        int rewrittenClasses = 0;
        for (String name : names) {
            Class<?> k = loader.loadClass(name);
            ClassRewriter.Outcome o = loader.outcome(name);
            assertNotNull(o, name);
            assertEquals(List.of(), o.refused(), name);
            if (o.changed()) {
                rewrittenClasses++;
                assertFalse(o.rewritten().isEmpty(), name);
            }
            if (name.equals("io.gpm4j.shapes.Junit3Run")) {
                // its suspensions cross JUnit 3 (TestResult.runProtected -> Protectable.protect), a
                // library that never mentions gpm4j: its interface calls are not known to suspend,
                // so inference leaves the chain alone (ForeignBytecodeTest runs it with every method rewritten)
                assertEquals(List.of(), o.rewritten(), name);
            } else if (Subject.class.isAssignableFrom(k) && !k.isInterface()) {
                assertTrue(o.rewritten().contains("run()V"), name + " " + o.rewritten());
            }
        }
        assertTrue(rewrittenClasses > 30, "only " + rewrittenClasses + " classes rewritten");

        assertEquals(List.of("value(Ljava/lang/Object;)Ljava/lang/Object;"),
                loader.outcome("io.gpm4j.shapes.Yield").rewritten());
        assertEquals(5, loader.outcome("io.gpm4j.shapes.Ops").rewritten().size());
        assertTrue(loader.outcome("io.gpm4j.shapes.Shape").rewritten().containsAll(List.of(
                "describe(Ljava/lang/String;)Ljava/lang/String;", "twice(I)I", "label(I)Ljava/lang/String;")));
        // a call made under a monitor is not a resumable site: the synchronized method stays as it was
        assertFalse(loader.outcome("io.gpm4j.shapes.PinSynchronized").rewritten().stream()
                .anyMatch(m -> m.startsWith("syncMethod")));
        // constructors and static initialisers are never rewritten
        assertFalse(loader.outcome("io.gpm4j.shapes.PinConstructor$Built").changed());
        assertFalse(loader.outcome("io.gpm4j.shapes.PinStaticInit$Holder").changed());
        // classes that cannot suspend are left alone
        assertFalse(loader.outcome("io.gpm4j.shapes.Color").changed());
        assertFalse(loader.outcome("io.gpm4j.shapes.Mailbox2").changed());
        // the generic bridge forwards to a suspending method: it is rewritten too
        assertEquals(List.of("apply(Ljava/lang/String;)Ljava/lang/String;",
                        "apply(Ljava/lang/Object;)Ljava/lang/Object;"),
                loader.outcome("io.gpm4j.shapes.Generics$Upper").rewritten());
    }

    private static List<String> shapeClasses() throws IOException, URISyntaxException {
        Path dir = Path.of(Subject.class.getClassLoader().getResource("io/gpm4j/shapes/Yield.class").toURI())
                .getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".class"))
                    .map(f -> "io.gpm4j.shapes." + f.substring(0, f.length() - ".class".length()))
                    .sorted()
                    .toList();
        }
    }
}
