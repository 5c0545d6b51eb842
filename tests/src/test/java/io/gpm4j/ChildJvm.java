package io.gpm4j;

import io.gpm4j.testkit.ChildProcess;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a main class of this module's tests in a fresh JVM under the real agent, in strict mode
 * (as the tests themselves run) unless the options set {@code -Dgpm4j.strict}. The child is a
 * {@link ChildProcess}: its output is kept as it comes, and when it does not finish in
 * {@link #LIMIT} or before its test's JUnit timeout, whichever is first, the test fails with its
 * output so far and a thread dump.
 */
public final class ChildJvm {
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** The longest a child runs when its test has time to spare. */
    public static final Duration LIMIT = Duration.ofSeconds(60);

    private ChildJvm() {
    }

    public static Result run(String agentOptions, List<String> jvmOptions, Map<String, String> env, String mainClass)
            throws Exception {
        return run(Path.of(System.getProperty("java.home")), agentOptions, jvmOptions, env, mainClass);
    }

    /** As {@link #run(String, List, Map, String)}, on the Java runtime at {@code javaHome}, with {@code args}. */
    public static Result run(Path javaHome, String agentOptions, List<String> jvmOptions, Map<String, String> env,
            String mainClass, String... args) throws Exception {
        ChildProcess.Result r = ChildProcess.run(command(javaHome, agentOptions, jvmOptions, env, mainClass, List.of(args)), LIMIT);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }

    /**
     * Starts {@code mainClass} with {@code args} as {@link #run} would, on the Java runtime at
     * {@code javaHome}, and leaves it running; closing the result kills it.
     */
    public static ChildProcess.Running start(Path javaHome, String agentOptions, List<String> jvmOptions,
            String mainClass, String... args) throws Exception {
        return ChildProcess.start(command(javaHome, agentOptions, jvmOptions, Map.of(), mainClass, List.of(args)));
    }

    /** As {@link #start} with no agent: a JVM that knows nothing of gpm4j. */
    public static ChildProcess.Running startWithoutAgent(Path javaHome, String mainClass, String... args) throws Exception {
        ProcessBuilder pb = command(javaHome, null, List.of(), Map.of(), mainClass, List.of(args));
        pb.command().removeIf(a -> a.startsWith("-javaagent:"));
        return ChildProcess.start(pb);
    }

    /** As {@link #run(String, List, Map, String)} with no agent: a JVM that knows nothing of gpm4j but its runtime on the class path. */
    public static Result runWithoutAgent(List<String> jvmOptions, String mainClass) throws Exception {
        ProcessBuilder pb = command(Path.of(System.getProperty("java.home")), null, jvmOptions, Map.of(), mainClass, List.of());
        pb.command().removeIf(a -> a.startsWith("-javaagent:"));
        ChildProcess.Result r = ChildProcess.run(pb, LIMIT);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }

    /** {@code java -jar <agent jar> args} (the agent's commands), on the Java runtime at {@code javaHome}, bounded as {@link #run} is. */
    public static Result agentCommand(Path javaHome, String... args) throws Exception {
        return agentCommand(javaHome, List.of(), args);
    }

    /** As {@link #agentCommand(Path, String...)}, with these JVM options too. */
    public static Result agentCommand(Path javaHome, List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString(), "-Dgpm4j.strict=true"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", System.getProperty("gpm4j.agent.jar")));
        cmd.addAll(List.of(args));
        ChildProcess.Result r = ChildProcess.run(cmd, LIMIT);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }

    private static ProcessBuilder command(Path javaHome, String agentOptions, List<String> jvmOptions,
            Map<String, String> env, String mainClass, List<String> args) {
        String java = javaHome.resolve("bin").resolve("java").toString();
        String agent = System.getProperty("gpm4j.agent.jar");
        String cp = System.getProperty("gpm4j.tests.classes") + File.pathSeparator + System.getProperty("gpm4j.runtime.classes");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-javaagent:" + agent + (agentOptions == null ? "" : "=" + agentOptions));
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Dgpm4j.strict="))) {
            cmd.add("-Dgpm4j.strict=true");
        }
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", cp, mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GODEBUG");
        pb.environment().remove("GOMAXPROCS");
        pb.environment().putAll(env);
        return pb;
    }
}
