package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class the rewrite split for direct calls, retransformed by another agent while loaded: a
 * retransformation may not add or remove a method, so gpm4j's transformer must split it again
 * exactly as its definition did (else the JVM refuses the other agent's retransformation), and
 * the goroutines running through it must not notice.
 */
class RetransformTest {
    @Test
    void anotherAgentRetransformsASplitClass(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("other-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", RetransformProgram.class.getName());
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            // the class itself comes from the class path
        }
        ChildJvm.Result r = ChildJvm.run(null, List.of("-javaagent:" + jar), Map.of(),
                RetransformProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertEquals("split: 1\n"
                + "before: 5000 100\n"
                + "retransforming io/gpm4j/RetransformProgram$Work\n"
                + "split after: 1\n"
                + "after: 5000 100\n", r.stdout());
        assertFalse(r.stderr().contains("could not rewrite"), r.stderr());
    }
}
