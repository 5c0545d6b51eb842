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

    /** As {@link #run(String, List, Map, String)}, on the Java runtime at {@code javaHome}. */
    public static Result run(Path javaHome, String agentOptions, List<String> jvmOptions, Map<String, String> env,
            String mainClass) throws Exception {
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
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GODEBUG");
        pb.environment().remove("GOMAXPROCS");
        pb.environment().putAll(env);
        ChildProcess.Result r = ChildProcess.run(pb, LIMIT);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }
}
