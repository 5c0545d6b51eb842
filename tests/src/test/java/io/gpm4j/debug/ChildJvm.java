package io.gpm4j.debug;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a main class of this module's tests in a fresh JVM under the real agent. */
public final class ChildJvm {
    public record Result(int exitCode, String stdout, String stderr) {
    }

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
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", cp, mainClass));
        File out = File.createTempFile("gpm4j-child", ".out");
        File err = File.createTempFile("gpm4j-child", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err);
            pb.environment().remove("GODEBUG");
            pb.environment().remove("GOMAXPROCS");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(mainClass + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
