package io.gpm4j.examples;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an example's {@code main} in a fresh JVM under the real {@code -javaagent}. */
public final class ExampleProcess {
    /** What the child printed, and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

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

    public static Result run(String agentOptions, String mainClass, String... args) throws IOException, InterruptedException {
        return runWith(List.of("-javaagent:" + agentJar() + (agentOptions == null ? "" : "=" + agentOptions)),
                mainClass, args);
    }

    /** Runs {@code mainClass} with exactly these JVM options (no agent unless they name one). */
    public static Result runWith(List<String> jvmOptions, String mainClass, String... args)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = System.getProperty("gpm4j.examples.classes", "target/classes") + File.pathSeparator
                + System.getProperty("gpm4j.runtime.classes", "../runtime/target/classes");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classes, mainClass));
        command.addAll(List.of(args));
        File out = File.createTempFile("gpm4j-example", ".out");
        File err = File.createTempFile("gpm4j-example", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("example " + mainClass + " did not finish in 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
