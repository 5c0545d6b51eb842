package io.gpm4j.examples;

import io.gpm4j.testkit.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an example's {@code main} in a fresh JVM under the real {@code -javaagent}, in strict mode
 * unless the options set {@code -Dgpm4j.strict}. The child is a {@link ChildProcess}: its output
 * is kept as it comes, and when it does not finish in {@link #LIMIT} or before its test's JUnit
 * timeout, whichever is first, the test fails with its output so far and a thread dump.
 */
public final class ExampleProcess {
    /** What the child printed, and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** The longest an example runs when its test has time to spare. */
    public static final Duration LIMIT = Duration.ofSeconds(120);

    private ExampleProcess() {
    }

    public static Path agentJar() {
        Path jar = Path.of(System.getProperty("gpm4j.agent.jar", "../agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar not found at " + jar.toAbsolutePath()
                    + "; build it first with mvn -DskipTests package");
        }
        return jar;
    }

    public static Result run(String agentOptions, String mainClass, String... args)
            throws IOException, InterruptedException {
        return runWith(List.of("-javaagent:" + agentJar() + (agentOptions == null ? "" : "=" + agentOptions)),
                mainClass, args);
    }

    /** Runs {@code mainClass} with exactly these JVM options (no agent unless they name one), strict. */
    public static Result runWith(List<String> jvmOptions, String mainClass, String... args)
            throws IOException, InterruptedException {
        String classes = System.getProperty("gpm4j.examples.classes", "target/classes") + File.pathSeparator
                + System.getProperty("gpm4j.runtime.classes", "../runtime/target/classes");
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.java());
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Dgpm4j.strict="))) {
            command.add("-Dgpm4j.strict=true");
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classes, mainClass));
        command.addAll(List.of(args));
        ChildProcess.Result r = ChildProcess.run(command, LIMIT);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }
}
