package io.gpm4j.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a child process for a test and keeps the evidence when it hangs.
 *
 * <p>Both output streams are drained on background threads from the start, so nothing the child
 * printed is lost and a chatty child never blocks on a full pipe. The child gets the smaller of
 * the caller's limit and what is left of the running test's JUnit timeout less
 * {@link #REPORT_MARGIN} ({@link TestDeadline}), so the harness always stops first, however many
 * children a test starts. On that limit it takes a thread dump of the child
 * ({@code jcmd <pid> Thread.print} from the JDK running the test; when that fails,
 * {@code SIGQUIT}, which makes a HotSpot JVM print the dump on its own standard output), kills the
 * child and its descendants, and fails with the command, the output so far and the dump.
 *
 * <p>A child never outlives its test: when the waiting thread is interrupted (JUnit's timeout) the
 * child is killed, and a shutdown hook kills whatever is still running when the test JVM exits.
 *
 * <p><b>Goroutine dump</b>: a child started with the gpm4j agent ({@code -javaagent:...gpm4j-agent...})
 * is first asked for Go's goroutine dump by loading the agent jar once more with the argument
 * {@code goroutines} ({@code jcmd <pid> JVMTI.agent_load <jar> goroutines}), which prints
 * {@code Go.stack(true)} on the child's standard error; the report quotes it. The runtime has no
 * signal hook for it (Go dumps every goroutine on {@code SIGQUIT}).
 *
 * <p>The suite's extra agent options ({@link SuiteAgentOptions}, e.g. a chaos pass) are added to
 * the child's {@code -javaagent}.
 */
public final class ChildProcess {
    /** What the child printed, and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * Kept back from the test's JUnit timeout for the thread dump (at most {@link #DUMP_LIMIT}),
     * the kill and the report, ahead of {@link TestGuard}'s own margin.
     */
    public static final Duration REPORT_MARGIN = Duration.ofSeconds(25);
    /** How long each {@code jcmd} (goroutine dump, thread dump) may take; the rest of {@link #REPORT_MARGIN} is for the kill. */
    private static final Duration DUMP_LIMIT = Duration.ofSeconds(6);
    /** The least a child gets even when its test is nearly out of time. */
    private static final Duration MIN_LIMIT = Duration.ofSeconds(1);

    /** Children still running; killed when the test JVM exits. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ChildProcess::kill), "gpm4j-testkit child reaper"));
    }

    private ChildProcess() {
    }

    /**
     * Starts {@code pb} (its redirects are replaced by pipes; standard input is closed) and waits
     * for it, at most {@code limit} and never past the running test's budget.
     *
     * @param pb    the command, environment and directory of the child.
     * @param limit the longest the child may run when the test has time to spare.
     * @return the exit code and everything the child printed.
     * @throws AssertionError when the child does not finish in time, with its output so far and a
     *                        thread dump.
     */
    public static Result run(ProcessBuilder pb, Duration limit) throws IOException, InterruptedException {
        Duration budget = budget(limit);
        Running child = start(pb);
        Process p = child.process;
        Drain out = child.out;
        Drain err = child.err;
        try {
            if (!p.waitFor(budget.toNanos(), TimeUnit.NANOSECONDS)) {
                String goroutines = goroutineDump(p, pb.command());
                String dump = threadDump(p);
                kill(p);
                p.waitFor(5, TimeUnit.SECONDS);
                out.await(Duration.ofSeconds(2));
                err.await(Duration.ofSeconds(2));
                throw new AssertionError(String.join(" ", pb.command()) + "\ndid not finish in " + seconds(budget)
                        + " (pid " + p.pid() + "; thread dump taken, then killed)"
                        + "\n--- its stdout so far ---\n" + out.text()
                        + "\n--- its stderr so far ---\n" + withoutGoroutines(err.text())
                        + "\n--- its goroutines when the time ran out ---\n" + quoteGoroutines(err.text(), goroutines)
                        + "\n--- its threads when the time ran out ---\n" + dump);
            }
            // a grandchild may still hold the pipes; do not wait for it forever
            out.await(Duration.ofSeconds(10));
            err.await(Duration.ofSeconds(10));
            return new Result(p.exitValue(), out.text(), err.text());
        } finally {
            if (p.isAlive()) {
                kill(p); // interrupted (a JUnit timeout) or failed: the child must not outlive the test
            }
            LIVE.remove(p);
        }
    }

    /**
     * Starts {@code pb} (pipes as for {@link #run(ProcessBuilder, Duration)}) and leaves it
     * running while the test talks to it, e.g. attaches to its pid; {@link Running#close}
     * kills it, and so does the end of the test JVM.
     */
    public static Running start(ProcessBuilder pb) throws IOException {
        pb.command(SuiteAgentOptions.apply(pb.command()));
        Process p = pb.redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        LIVE.add(p);
        p.getOutputStream().close();
        return new Running(p, String.join(" ", pb.command()),
                Drain.start(p.getInputStream(), "stdout of child " + p.pid()),
                Drain.start(p.getErrorStream(), "stderr of child " + p.pid()));
    }

    /** A child started by {@link #start}: its pid, its output so far, and its end. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final String command;
        private final Drain out;
        private final Drain err;

        private Running(Process process, String command, Drain out, Drain err) {
            this.process = process;
            this.command = command;
            this.out = out;
            this.err = err;
        }

        public long pid() {
            return process.pid();
        }

        /** What the child printed on standard output so far. */
        public String stdout() {
            return out.text();
        }

        /** What the child printed on standard error so far. */
        public String stderr() {
            return err.text();
        }

        /**
         * Waits until the child's standard output holds {@code text}, at most {@code limit} and
         * never past the running test's budget.
         *
         * @throws AssertionError when it does not come in time or the child ends first, with
         *                        the child's output so far.
         */
        public void awaitStdout(String text, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + budget(limit).toNanos();
            while (!out.text().contains(text)) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new AssertionError(command + "\n" + (process.isAlive() ? "did not print '" + text + "' in time"
                            : "ended (exit " + process.exitValue() + ") before printing '" + text + "'")
                            + "\n--- its stdout so far ---\n" + out.text() + "\n--- its stderr so far ---\n" + err.text());
                }
                Thread.sleep(20); // polling the drained output; the wait itself is bounded above
            }
        }

        /** Kills the child (and its descendants) and waits a little for it to go. */
        @Override
        public void close() throws InterruptedException {
            kill(process);
            process.waitFor(10, TimeUnit.SECONDS);
            LIVE.remove(process);
        }
    }

    /** As {@link #run(ProcessBuilder, Duration)} for a command line. */
    public static Result run(List<String> command, Duration limit) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command), limit);
    }

    /** The {@code java} launcher of the JDK running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The time a child may take: {@code limit}, cut to the running test's remaining JUnit timeout
     * less {@link #REPORT_MARGIN}, but at least {@link #MIN_LIMIT}.
     */
    static Duration budget(Duration limit) {
        Duration remaining = TestDeadline.remaining();
        if (remaining == null) {
            return limit;
        }
        Duration left = remaining.minus(REPORT_MARGIN);
        if (left.compareTo(MIN_LIMIT) < 0) {
            left = MIN_LIMIT;
        }
        return left.compareTo(limit) < 0 ? left : limit;
    }

    /**
     * A thread dump of a (presumably hung) JVM: {@code jcmd <pid> Thread.print}, or, when jcmd is
     * missing or fails, {@code SIGQUIT} so that the JVM prints it on its own standard output.
     */
    static String threadDump(Process p) {
        String why;
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (Files.isExecutable(jcmd)) {
            try {
                Process d = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.print", "-l")
                        .redirectErrorStream(true).start();
                Drain text = Drain.start(d.getInputStream(), "jcmd " + p.pid());
                if (d.waitFor(DUMP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    text.await(Duration.ofSeconds(2));
                    if (d.exitValue() == 0) {
                        return text.text();
                    }
                    why = "jcmd exited with " + d.exitValue() + ": " + text.text().strip();
                } else {
                    kill(d);
                    why = "jcmd did not answer in " + seconds(DUMP_LIMIT);
                }
            } catch (IOException e) {
                why = "jcmd failed: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "(interrupted before the thread dump)";
            }
        } else {
            why = "no jcmd at " + jcmd;
        }
        try {
            Process q = new ProcessBuilder("kill", "-QUIT", Long.toString(p.pid())).redirectErrorStream(true).start();
            q.waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(1_000); // the JVM prints the dump on its stdout, which the drain keeps
            return "(" + why + "; sent SIGQUIT instead: a JVM prints the dump in its stdout above)";
        } catch (IOException e) {
            return "(" + why + "; SIGQUIT failed too: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(" + why + "; interrupted)";
        }
    }

    /** Marks the goroutine dump the agent prints (see {@code io.gpm4j.agent.Agent#agentmain}). */
    private static final String DUMP_START = "gpm4j: goroutine dump (jcmd JVMTI.agent_load ... goroutines):\n";
    private static final String DUMP_END = "gpm4j: end of goroutine dump\n";

    /**
     * Asks a child started with the gpm4j agent for its goroutine dump, which it prints on its
     * standard error; returns a note saying where it is or why there is none.
     */
    static String goroutineDump(Process p, List<String> command) {
        String jar = null;
        for (String arg : command) {
            if (arg.startsWith("-javaagent:") && arg.contains("gpm4j-agent")) {
                int eq = arg.indexOf('=');
                jar = Path.of(arg.substring("-javaagent:".length(), eq < 0 ? arg.length() : eq)).toAbsolutePath().toString();
            }
        }
        if (jar == null) {
            return "(not under the gpm4j agent: no goroutine dump)";
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process d = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "JVMTI.agent_load", jar, "goroutines")
                    .redirectErrorStream(true).start();
            Drain text = Drain.start(d.getInputStream(), "jcmd " + p.pid());
            if (!d.waitFor(DUMP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(d);
                return "(the child did not answer jcmd JVMTI.agent_load in " + seconds(DUMP_LIMIT)
                        + ": its attach listener may be stuck behind the scheduler)";
            }
            text.await(Duration.ofSeconds(2));
            if (d.exitValue() != 0) {
                return "(jcmd JVMTI.agent_load exited with " + d.exitValue() + ": " + text.text().strip() + ")";
            }
            return "(asked for; nothing printed)";
        } catch (IOException e) {
            return "(jcmd failed: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted before the goroutine dump)";
        }
    }

    /** The goroutine dump the child printed on {@code stderr}, else {@code note}. */
    static String quoteGoroutines(String stderr, String note) {
        int start = stderr.indexOf(DUMP_START);
        if (start < 0) {
            return note;
        }
        int end = stderr.indexOf(DUMP_END, start);
        String dump = stderr.substring(start + DUMP_START.length(), end < 0 ? stderr.length() : end);
        return dump.isBlank() ? "(none: Go.stack(true) printed nothing)" : dump;
    }

    /** {@code stderr} less the goroutine dump, which the report quotes on its own. */
    private static String withoutGoroutines(String stderr) {
        int start = stderr.indexOf(DUMP_START);
        int end = start < 0 ? -1 : stderr.indexOf(DUMP_END, start);
        return end < 0 ? stderr : stderr.substring(0, start) + stderr.substring(end + DUMP_END.length());
    }

    /**
     * Kills {@code p} and its descendants and, once each has gone, removes the live counters file
     * a gpm4j JVM among them leaves ({@code <java.io.tmpdir>/gpm4j-<pid>.counters}, the runtime's
     * {@code CountersFile.path}, named again here because the testkit's main code does not depend
     * on the runtime): a killed JVM runs no exit hook, so every child a test kills would leave one
     * in the shared temp dir, and a later child given the same pid would seem to a test (and to
     * {@code stat}) to have written it.
     */
    private static void kill(Process p) {
        List<ProcessHandle> all = new ArrayList<>();
        p.descendants().forEach(all::add);
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
                Files.deleteIfExists(Path.of(System.getProperty("java.io.tmpdir"), "gpm4j-" + h.pid() + ".counters"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // JUnit's timeout: the kill is sent, leave the file
                return;
            } catch (ExecutionException | TimeoutException | IOException e) {
                // still going, or the file is not ours to remove: leave it
            }
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " s";
    }

    /** Copies a stream into memory on its own daemon thread, until end of stream. */
    private static final class Drain extends Thread {
        private final InputStream in;
        /** Guarded by itself. */
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        private Drain(InputStream in, String name) {
            super(name);
            this.in = in;
            setDaemon(true);
        }

        static Drain start(InputStream in, String name) {
            Drain d = new Drain(in, name);
            d.start();
            return d;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                    }
                }
            } catch (IOException e) {
                /* the child was killed, or closed the stream: keep what we have */
            }
        }

        /** Waits at most {@code d} for the end of the stream. */
        void await(Duration d) throws InterruptedException {
            join(d.toMillis());
        }

        /** What was read so far. */
        String text() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
