package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The examples are user code: they reach the machine room ({@code io.gpm4j.runtime} and its
 * subpackages) only through its API types, {@code Continuation} (with its {@code PinHandler}) and
 * {@code PinReason}. Checked over the sources (imports, static imports and fully qualified names
 * alike), which sit beside this module's compiled classes. The rest of the public surface is
 * {@code io.gpm4j.PublicSurfaceTest} in the runtime module.
 */
class ExamplesUseOnlyTheApiTest {
    private static final Set<String> MACHINE_ROOM_API = Set.of(
            "io.gpm4j.runtime.Continuation", "io.gpm4j.runtime.Continuation.PinHandler",
            "io.gpm4j.runtime.PinReason");
    private static final Pattern MACHINE_ROOM_NAME = Pattern.compile("\\bio\\.gpm4j\\.runtime\\.[\\w.*]*");

    @Test
    void examplesNameNoInternalType() throws Exception {
        Path sources = sourcesRoot();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        assertFalse(files.isEmpty(), "no example sources under " + sources);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = MACHINE_ROOM_NAME.matcher(lines.get(i));
                while (m.find()) {
                    String name = m.group().replaceAll("\\.+$", "");
                    if (!MACHINE_ROOM_API.contains(name)) {
                        problems.add(sources.relativize(f) + ":" + (i + 1) + " names " + name
                                + ": user code may use only the API (API.md, and from io.gpm4j.runtime only "
                                + "Continuation, Continuation.PinHandler and PinReason)");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    /** examples/src/main/java, found from this module's compiled classes (target/classes). */
    private static Path sourcesRoot() throws Exception {
        Path classes = Path.of(Generator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path sources = classes.getParent().getParent().resolve("src/main/java");
        assertTrue(Files.isDirectory(sources), "no sources at " + sources);
        return sources;
    }
}
