package io.gpm4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The entry point of {@code benchmarks.jar}: takes the usual JMH command line, and runs the
 * selected benchmarks in two groups of forks, because they need different JVMs:
 * <ul>
 *   <li><b>rewritten</b> ({@code CycleBench.*}, {@code FastPathBench.rewritten*}, {@code PreemptBench}
 *       but its {@code plain}): forks whose
 *       workload classes are rewritten, by {@code -javaagent:<agent jar>} when the agent jar has its
 *       premain, else by {@link Rewrite}'s class loader over the same {@code ClassRewriter};</li>
 *   <li><b>plain</b> ({@code FastPathBench.plain}): forks without the agent.</li>
 * </ul>
 * System properties of this launcher (not of the forks):
 * <ul>
 *   <li>{@code gpm4j.agent.jar}: the agent jar; default: {@code agent/target/gpm4j-agent-*.jar}
 *       under the current directory, else under the repository that holds this jar;</li>
 *   <li>{@code gpm4j.bench.carriers}: {@code true} (default) to run the benchmark threads as
 *       {@link io.gpm4j.runtime.CarrierThread}s (see {@link CarrierExecutor}), {@code false} for
 *       JMH's plain threads (the continuation is then found through a {@code ThreadLocal});</li>
 *   <li>{@code gpm4j.bench.rewrite}: {@code agent}, {@code loader} or {@code auto} (default:
 *       {@code agent} when the jar's {@code Premain-Class} is in it, else {@code loader}).</li>
 * </ul>
 * {@code CycleBench.jdk} is left out, with a note, on a JVM without {@code jdk.internal.vm.Continuation}.
 */
public final class BenchMain {
    static final String CARRIERS_PROPERTY = "gpm4j.bench.carriers";
    static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";
    /** Keep the JMH harness itself out of the rewrite: only the code under test is rewritten. */
    static final String AGENT_OPTIONS = "=exclude=org.openjdk.jmh,exclude=io.gpm4j.bench.jmh_generated";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cmd = new CommandLineOptions(args);
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams()
                || cmd.shouldListProfilers() || cmd.shouldListResultFormats()) {
            if (cmd.shouldHelp()) {
                System.out.println("gpm4j benchmarks: java [-Dgpm4j.agent.jar=JAR] [-Dgpm4j.bench.rewrite=agent|loader|auto]"
                        + " -jar benchmarks.jar [JMH options]\n");
            }
            org.openjdk.jmh.Main.main(args);
            return;
        }
        PrintStream out = System.out;
        List<String> includes = new ArrayList<>(cmd.getIncludes());
        if (includes.isEmpty()) {
            includes.add(".*");
        }
        SortedSet<BenchmarkListEntry> selected = BenchmarkList.defaultList()
                .find(OutputFormatFactory.createFormatInstance(out, VerboseMode.SILENT), includes, cmd.getExcludes());
        List<String> rewritten = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        List<String> all = new ArrayList<>();
        boolean jdkPresent = JdkContinuations.present();
        for (BenchmarkListEntry e : selected) {
            String name = e.getUsername();
            if (all.contains(name)) {
                continue;
            }
            all.add(name);
            if (name.endsWith("CycleBench.jdk") && !jdkPresent) {
                out.println("# gpm4j-bench: skipping " + name + ": JDK " + Runtime.version().feature()
                        + " has no jdk.internal.vm.Continuation usable here (needs JDK 21+)");
            } else if (name.endsWith(".plain")) {
                plain.add(name);
            } else {
                rewritten.add(name);
            }
        }
        if (all.isEmpty()) {
            out.println("# gpm4j-bench: no benchmark matches " + includes);
            return;
        }

        List<String> rewriteArgs = new ArrayList<>();
        if (!rewritten.isEmpty()) {
            Path agentJar = agentJar();
            String mode = System.getProperty(Rewrite.MODE_PROPERTY, "auto");
            if (mode.equals("auto")) {
                mode = hasPremain(agentJar) && agentWorks(agentJar, out) ? "agent" : "loader";
            }
            if (mode.equals("agent")) {
                rewriteArgs.add("-javaagent:" + agentJar + AGENT_OPTIONS);
            } else if (!mode.equals("loader")) {
                throw new IllegalArgumentException(Rewrite.MODE_PROPERTY + " must be agent, loader or auto: " + mode);
            }
            rewriteArgs.add("-D" + Rewrite.MODE_PROPERTY + "=" + mode);
            rewriteArgs.add("-D" + Rewrite.AGENT_JAR_PROPERTY + "=" + agentJar);
            out.println("# gpm4j-bench: rewritten forks: " + String.join(" ", rewriteArgs));
        }

        List<String> common = new ArrayList<>();
        common.add(ADD_EXPORTS);
        boolean carriers = Boolean.parseBoolean(System.getProperty(CARRIERS_PROPERTY, "true"));
        if (carriers) {
            common.add("-Djmh.executor=CUSTOM");
            common.add("-Djmh.executor.class=" + CarrierExecutor.class.getName());
        }
        out.println("# gpm4j-bench: benchmark threads are " + (carriers ? "CarrierThreads" : "plain threads")
                + " (-D" + CARRIERS_PROPERTY + "=" + carriers + ")");
        List<RunResult> results = new ArrayList<>();
        boolean failed = false;
        failed |= !runGroup(cmd, "rewritten", rewritten, all, concat(common, rewriteArgs), results);
        failed |= !runGroup(cmd, "plain", plain, all,
                concat(common, List.of("-D" + Rewrite.MODE_PROPERTY + "=none")), results);
        summary(out, results);
        if (failed) {
            System.exit(1);
        }
    }

    private static boolean runGroup(CommandLineOptions cmd, String group, List<String> names, List<String> all,
                                    List<String> forkArgs, List<RunResult> results) {
        if (names.isEmpty()) {
            return true;
        }
        ChainedOptionsBuilder b = new OptionsBuilder().parent(cmd);
        // includes and excludes add up with the command line's: include this group's benchmarks
        // by exact name, exclude every other one
        for (String name : names) {
            b.include(exact(name));
        }
        for (String name : all) {
            if (!names.contains(name)) {
                b.exclude(exact(name));
            }
        }
        List<String> jvmArgs = new ArrayList<>(cmd.getJvmArgsAppend().orElse(List.of()));
        jvmArgs.addAll(forkArgs);
        b.jvmArgsAppend(jvmArgs.toArray(new String[0]));
        if (cmd.getResultFormat().hasValue()) {
            String ext = cmd.getResultFormat().get().toString().toLowerCase(Locale.ROOT);
            String file = cmd.getResult().orElse("jmh-result." + ext);
            int dot = file.lastIndexOf('.');
            b.result(dot > 0 ? file.substring(0, dot) + "-" + group + file.substring(dot) : file + "-" + group);
        }
        try {
            Collection<RunResult> r = new Runner(b.build()).run();
            results.addAll(r);
            return true;
        } catch (Exception e) {
            System.err.println("# gpm4j-bench: the " + group + " group failed: " + e);
            return false;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> r = new ArrayList<>(a);
        r.addAll(b);
        return r;
    }

    private static String exact(String name) {
        return "^" + Pattern.quote(name) + "$";
    }

    /** All results in one table, with the ratios this module exists for. */
    static void summary(PrintStream out, List<RunResult> results) {
        if (results.isEmpty()) {
            return;
        }
        Map<String, Result<?>> primary = new LinkedHashMap<>();
        Map<String, Result<?>> alloc = new LinkedHashMap<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            bench = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            StringBuilder key = new StringBuilder(bench);
            for (String p : r.getParams().getParamsKeys()) {
                key.append(' ').append(p).append('=').append(r.getParams().getParam(p));
            }
            primary.put(key.toString(), r.getPrimaryResult());
            Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
            if (norm != null) {
                alloc.put(key.toString(), norm);
            }
        }
        out.println();
        out.println("# gpm4j-bench summary (" + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ")");
        out.printf(Locale.ROOT, "%-48s %14s %10s %8s %12s%n", "benchmark", "score", "error", "unit", "B/op");
        for (Map.Entry<String, Result<?>> e : primary.entrySet()) {
            Result<?> r = e.getValue();
            Result<?> a = alloc.get(e.getKey());
            out.printf(Locale.ROOT, "%-48s %14.3f %10.3f %8s %12s%n", e.getKey(), r.getScore(), r.getScoreError(),
                    r.getScoreUnit(), a == null ? "-" : String.format(Locale.ROOT, "%.3f", a.getScore()));
        }
        for (String depth : new String[] {"1", "5", "20"}) {
            ratio(out, primary, "CycleBench.gpm4j depth=" + depth, "CycleBench.jdk depth=" + depth, "gpm4j/jdk");
        }
        for (Map.Entry<String, Result<?>> e : primary.entrySet()) {
            if (e.getKey().startsWith("FastPathBench.rewritten")) {
                String base = e.getKey().replaceFirst("^FastPathBench\\.\\w+", "FastPathBench.plain");
                ratio(out, primary, e.getKey(), base, "/plain");
            }
            if (e.getKey().startsWith("PreemptBench.outside ") || e.getKey().startsWith("PreemptBench.mounted ")) {
                String without = e.getKey().replaceFirst("^(PreemptBench\\.\\w+)", "$1WithoutPoints");
                ratio(out, primary, e.getKey(), without, "/withoutPoints");
            }
        }
    }

    private static void ratio(PrintStream out, Map<String, Result<?>> primary, String a, String b, String label) {
        Result<?> x = primary.get(a);
        Result<?> y = primary.get(b);
        if (x != null && y != null && y.getScore() > 0) {
            out.printf(Locale.ROOT, "ratio %-44s %s = %.3f%n", a, label, x.getScore() / y.getScore());
        }
    }

    /** The agent jar: -Dgpm4j.agent.jar, else agent/target/gpm4j-agent-*.jar near here. */
    static Path agentJar() throws IOException {
        String configured = System.getProperty(Rewrite.AGENT_JAR_PROPERTY);
        if (configured != null) {
            Path p = Paths.get(configured).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("-D" + Rewrite.AGENT_JAR_PROPERTY + "=" + configured + ": no such file");
            }
            return p;
        }
        List<Path> roots = new ArrayList<>();
        roots.add(Paths.get("").toAbsolutePath());
        try {
            Path self = Paths.get(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // bench/target/benchmarks.jar -> the repository root
            if (self.getParent() != null && self.getParent().getParent() != null
                    && self.getParent().getParent().getParent() != null) {
                roots.add(self.getParent().getParent().getParent());
            }
        } catch (Exception ignored) {
            // no code source: only the current directory
        }
        for (Path root : roots) {
            Path target = root.resolve("agent").resolve("target");
            if (!Files.isDirectory(target)) {
                continue;
            }
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "gpm4j-agent-*.jar")) {
                for (Path jar : jars) {
                    String n = jar.getFileName().toString();
                    if (!n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar") && !n.endsWith("-tests.jar")) {
                        return jar.toAbsolutePath();
                    }
                }
            }
        }
        throw new IllegalStateException("no agent jar found: build it (mvn -B -q -DskipTests package) and run from "
                + "the repository root, or pass -D" + Rewrite.AGENT_JAR_PROPERTY + "=<path>");
    }

    /** Pre-flight: whether a JVM started with the agent really gets the workload rewritten. */
    static boolean agentWorks(Path agentJar, PrintStream out) {
        try {
            Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-javaagent:" + agentJar + AGENT_OPTIONS, "-D" + Rewrite.MODE_PROPERTY + "=agent",
                    "-cp", System.getProperty("java.class.path"), Rewrite.class.getName())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            boolean ok = p.waitFor() == 0;
            if (!ok) {
                out.println("# gpm4j-bench: the agent does not rewrite yet; falling back to the rewriting class loader."
                        + " Its JVM said: " + output.lines().filter(l -> !l.startsWith("WARNING:"))
                        .collect(java.util.stream.Collectors.joining(" / ")));
            }
            return ok;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether the jar names a premain class that it contains. */
    static boolean hasPremain(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String premain = m == null ? null : m.getMainAttributes().getValue("Premain-Class");
            return premain != null && j.getEntry(premain.replace('.', '/') + ".class") != null;
        }
    }
}
