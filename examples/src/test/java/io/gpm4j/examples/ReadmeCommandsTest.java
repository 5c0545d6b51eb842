package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.testkit.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's commands run as written. Each {@code ```sh} block of README.md whose {@code java}
 * lines use the build's own paths ({@code agent/target/...}, {@code examples/target/...}) is run
 * line by line, in order, from a directory laid out as the repository's root (links to its
 * {@code agent}, {@code examples} and {@code runtime} directories, so files a command writes land
 * there and not in the working tree); every line must exit with status 0 and print no exception
 * or usage line. Lines with a placeholder ({@code <pid>}) or paths of the user's own
 * ({@code app.jar}) are shown, not run.
 */
class ReadmeCommandsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    /** Each runnable block: its java command lines, in order. */
    static Stream<List<String>> blocks() throws IOException {
        List<List<String>> blocks = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(Files.readString(ROOT.resolve("README.md")));
        while (m.find()) {
            List<String> lines = new ArrayList<>();
            for (String line : m.group(1).lines().toList()) {
                String command = line.contains("&& java ") ? line.substring(line.indexOf("&& java ") + 3) : line;
                if (command.startsWith("java ") && !command.contains("<") && !command.contains("#")
                        && (command.contains(" agent/target/") || command.contains(":agent/target/") || command.contains(" examples/target/"))) {
                    lines.add(command.strip());
                }
            }
            if (!lines.isEmpty()) {
                blocks.add(lines);
            }
        }
        return blocks.stream();
    }

    @Test
    void theReadmeRunsEveryExample() throws IOException {
        List<String> all = blocks().flatMap(List::stream).toList();
        for (String example : List.of("Tour", "PrimeSieve", "PingPong", "WorkerPool", "Pipeline", "Timeouts", "Skynet",
                "existingapp.GoroutineApp", "existingapp.ExecutorApp", "Generators", "LateAttach")) {
            assertTrue(all.stream().anyMatch(l -> l.contains(" io.gpm4j.examples." + example + " ") || l.endsWith(" io.gpm4j.examples." + example)),
                    "the README shows no command for " + example + ":\n" + String.join("\n", all));
        }
    }

    @ParameterizedTest
    @MethodSource("blocks")
    @Timeout(300)
    void runsAsWritten(List<String> block, @TempDir Path dir) throws Exception {
        List<Path> links = new ArrayList<>();
        for (String module : List.of("agent", "examples", "runtime")) {
            links.add(Files.createSymbolicLink(dir.resolve(module), ROOT.resolve(module)));
        }
        try {
            for (String line : block) {
                List<String> command = new ArrayList<>(Arrays.asList(line.split("\\s+")));
                command.set(0, ChildProcess.java());
                ChildProcess.Result r = ChildProcess.run(new ProcessBuilder(command).directory(dir.toFile()), ExampleProcess.LIMIT);
                assertEquals(0, r.exitCode(), line + "\n" + r.stdout() + r.stderr());
                assertFalse(r.stdout().isBlank(), line + " printed nothing");
                assertFalse(r.stderr().contains("Exception") || r.stderr().contains("usage:"), line + "\n" + r.stderr());
            }
        } finally {
            for (Path link : links) {
                Files.delete(link); // the link only: @TempDir would warn about links leading out
            }
        }
    }
}
