package io.gpm4j.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code java -jar gpm4j-agent.jar stack [--timeout <seconds>] <pid>}: prints the goroutine dump
 * of a running JVM under the gpm4j agent, in {@code Go.stack(true)}'s format (Go: the dump a Go
 * program prints on {@code SIGQUIT}). {@link StackRequest} is the other side and describes the
 * protocol: attach (the JDK's attach API, module {@code jdk.attach}), read the target's system
 * properties to learn whether gpm4j runs there and from which jar ({@link Agent#INSTALLED_PROPERTY}),
 * load that jar once more with {@code stack=<millis>,<file>}, read the answer from the file.
 *
 * <p>Every failure is one line on standard error and a non-zero status, never a stack trace:
 * status 2 for bad arguments, 1 for a process that cannot answer (none with that pid, not a JVM,
 * no gpm4j in it, attach refused, no answer in time).
 *
 * <p>Before anything is sent, the target must look like a JVM that can be attached to: on Linux
 * its memory map holds {@code libjvm.so}, and it catches {@code SIGQUIT} (or its attach listener
 * already runs). The JDK's attach starts a JVM's listener by sending it {@code SIGQUIT}; JDK 17
 * sends it to any pid, and {@code SIGQUIT} ends a process that does not catch it (any non-Java
 * process, a JVM started with {@code -Xrs}). Elsewhere the pid must be among the JVMs
 * {@code VirtualMachine.list()} reports.
 *
 * <p>A JVM may not attach to itself unless started with {@code -Djdk.attach.allowAttachSelf=true};
 * the command's own pid is refused up front. On JDK 21 and later a target started without
 * {@code -XX:+EnableDynamicAgentLoading} prints the JDK's four-line warning about a dynamically
 * loaded agent on its standard error, once; one started with {@code -XX:-EnableDynamicAgentLoading}
 * refuses, and the command says so.
 */
final class StackCommand {
    static final String USAGE = "usage: java -jar gpm4j-agent.jar stack [--timeout <seconds>] <pid>";
    /** How long the target may take for the dump, by default. */
    static final int DEFAULT_TIMEOUT_SECONDS = 10;
    /** Added to the dump's time for the attach itself (the JDK's own attach timeout is 10 s). */
    private static final int ATTACH_SECONDS = 20;

    private StackCommand() {
    }

    /** Runs {@code stack} with its arguments ({@code args} excludes the word stack); returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        int timeout = DEFAULT_TIMEOUT_SECONDS;
        String pidArg = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--timeout")) {
                String t = i + 1 < args.size() ? args.get(++i) : null;
                timeout = Pids.seconds(t);
                if (timeout == 0) {
                    return usage(err, Pids.notSeconds(a, t));
                }
            } else if (Pids.positional(a, pidArg) != null) {
                return usage(err, Pids.positional(a, pidArg));
            } else {
                pidArg = a;
            }
        }
        long pid = Pids.parse(pidArg);
        if (pid <= 0) {
            return usage(err, Pids.noPid("stack", pidArg));
        }
        if (pid == ProcessHandle.current().pid()) {
            return usage(err, "pid " + pid + " is this command's own JVM; give the application's pid");
        }
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
            return fail(err, "no process with pid " + pid);
        }
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            return fail(err, "this Java runtime has no jdk.attach module; run 'stack' with a full JDK");
        }
        String notAttachable = JvmCheck.whyNotAttachable(pid);
        if (notAttachable != null) {
            return fail(err, notAttachable);
        }
        // the attach API may block (an attach listener that never answers): bound it as a whole
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        final long target = pid;
        final int seconds = timeout;
        Thread asker = new Thread(() -> {
            try {
                answer.complete(Attacher.ask(target, seconds));
            } catch (Throwable t) {
                answer.complete(new Answer(null, "cannot ask pid " + target + " for its goroutines: " + oneLine(t)));
            }
        }, "gpm4j stack " + pid);
        asker.setDaemon(true);
        asker.start();
        Answer a;
        try {
            a = answer.get(timeout + ATTACH_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return fail(err, "pid " + pid + " did not answer in " + (timeout + ATTACH_SECONDS) + " s (its attach listener may be busy); try jstack " + pid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(err, "interrupted");
        } catch (ExecutionException e) {
            return fail(err, oneLine(e.getCause())); // not reached: completed normally only
        }
        if (a.problem != null) {
            return fail(err, a.problem);
        }
        out.print(a.dump);
        out.flush();
        if (a.note != null) {
            err.println("gpm4j: note: " + a.note);
        }
        return 0;
    }

    /** The dump, or else the one-line reason there is none; and a note for the operator, or null. */
    record Answer(String dump, String problem, String note) {
        Answer(String dump, String problem) {
            this(dump, problem, null);
        }

        Answer withNote(String n) {
            return new Answer(dump, problem, n);
        }
    }

    /**
     * The questions asked of a pid before anything is sent to it. Reads only {@code /proc} (Linux)
     * or the JVMs' performance-data files ({@code VirtualMachine.list()}, elsewhere).
     */
    static final class JvmCheck {
        /** Mask bit of {@code SIGQUIT} (signal 3) in {@code /proc/<pid>/status}'s signal sets. */
        private static final long SIGQUIT = 1L << 2;

        private JvmCheck() {
        }

        /** Null when {@code pid} is a JVM that can be attached to, else the one-line reason. */
        static String whyNotAttachable(long pid) {
            Path proc = Path.of("/proc", Long.toString(pid));
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") || !Files.isDirectory(proc)) {
                return Attacher.listed(pid) ? null : "pid " + pid + " is not a Java virtual machine this user can attach to";
            }
            String maps;
            List<String> status;
            try {
                maps = Files.readString(proc.resolve("maps"), StandardCharsets.ISO_8859_1);
                status = Files.readAllLines(proc.resolve("status"), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return "cannot read " + proc + " (a process of another user? attach needs the same user): " + oneLine(e);
            }
            if (!maps.contains("/libjvm.so")) {
                return "pid " + pid + " is not a Java virtual machine";
            }
            long caught = signals(status, "SigCgt:");
            long ignored = signals(status, "SigIgn:");
            if ((caught & SIGQUIT) == 0 || (ignored & SIGQUIT) != 0) {
                if (Files.exists(proc.resolve("root/tmp/.java_pid" + namespacePid(status, pid)))) {
                    return null; // its attach listener runs already: no signal needed
                }
                return "pid " + pid + " is a JVM that does not catch SIGQUIT (started with -Xrs?), which attaching would send it; nothing was sent";
            }
            return null;
        }

        /** The signal set of a {@code /proc/<pid>/status} line (hexadecimal), 0 if absent. */
        private static long signals(List<String> status, String field) {
            for (String line : status) {
                if (line.startsWith(field)) {
                    try {
                        return Long.parseUnsignedLong(line.substring(field.length()).strip(), 16);
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }
            }
            return 0;
        }

        /** The pid inside the process's innermost pid namespace (the last {@code NSpid} field). */
        private static String namespacePid(List<String> status, long pid) {
            for (String line : status) {
                if (line.startsWith("NSpid:")) {
                    String[] ids = line.substring("NSpid:".length()).strip().split("\\s+");
                    return ids[ids.length - 1];
                }
            }
            return Long.toString(pid);
        }
    }

    /** The part that uses {@code jdk.attach}, loaded only once the module is known to be there. */
    static final class Attacher {
        private Attacher() {
        }

        /** True when the JDK lists {@code pid} among the JVMs this user can attach to. */
        static boolean listed(long pid) {
            String id = Long.toString(pid);
            return com.sun.tools.attach.VirtualMachine.list().stream().anyMatch(d -> d.id().equals(id));
        }

        /** Attaches to {@code pid}, asks its agent for the dump with {@code seconds} to take it, detaches. */
        static Answer ask(long pid, int seconds) throws IOException {
            com.sun.tools.attach.VirtualMachine vm;
            try {
                vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid));
            } catch (com.sun.tools.attach.AttachNotSupportedException | IOException e) {
                return new Answer(null, "cannot attach to pid " + pid + ": " + oneLine(e));
            }
            Path file = null;
            try {
                Properties props = vm.getSystemProperties();
                String installed = props.getProperty(Agent.INSTALLED_PROPERTY);
                if (installed == null) {
                    return new Answer(null, "pid " + pid + " runs no gpm4j agent (java -javaagent:gpm4j-agent.jar ...; "
                            + "or one older than this command)");
                }
                String jar = jarToLoad(installed);
                if (jar == null) {
                    return new Answer(null, "no gpm4j agent jar to load into pid " + pid + ": neither its own ("
                            + installed + ") nor this command's is a jar file");
                }
                file = Files.createTempFile("gpm4j-stack-" + pid + "-", ".txt"); // owner-only on POSIX
                try {
                    vm.loadAgent(jar, StackRequest.ARG + (seconds * 1000L) + "," + file.toAbsolutePath());
                } catch (com.sun.tools.attach.AgentLoadException e) {
                    // e.g. JDK 21+ started with -XX:-EnableDynamicAgentLoading; the JDK's message says so
                    return new Answer(null, "pid " + pid + " refused to load the agent: " + oneLine(e));
                } catch (com.sun.tools.attach.AgentInitializationException e) {
                    return new Answer(null, "the gpm4j agent of pid " + pid + " failed to answer: " + oneLine(e));
                }
                Answer a = read(pid, seconds, Files.readString(file, StandardCharsets.UTF_8));
                return warnsOnDynamicLoad(props, vm.getAgentProperties()) ? a.withNote("pid " + pid
                        + " printed the JDK's warning about a dynamically loaded agent on its standard error;"
                        + " -XX:+EnableDynamicAgentLoading at its start keeps it quiet") : a;
            } finally {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
                vm.detach();
            }
        }

        /**
         * True when the target, a JDK 21 or later started without {@code -XX:+EnableDynamicAgentLoading},
         * prints JEP 451's warning each time an agent is loaded into it (as HotSpot does even for
         * the jar it loaded at startup).
         */
        private static boolean warnsOnDynamicLoad(Properties system, Properties agent) {
            int feature;
            try {
                feature = Integer.parseInt(system.getProperty("java.specification.version", "0"));
            } catch (NumberFormatException e) {
                return false; // 1.8 and the like: no warning there
            }
            return feature >= 21 && !agent.getProperty("sun.jvm.args", "").contains("-XX:+EnableDynamicAgentLoading");
        }

        /** The target's own jar when it still exists (it serves either way), else this command's. */
        private static String jarToLoad(String installed) {
            if (!installed.isEmpty() && Files.isRegularFile(Path.of(installed))) {
                return installed;
            }
            String own = Agent.ownJar();
            return !own.isEmpty() && Files.isRegularFile(Path.of(own)) ? own : null;
        }
    }

    /** The target's answer (see {@link StackRequest}) as a dump or a reason. */
    static Answer read(long pid, int seconds, String text) {
        if (!text.startsWith(StackRequest.HEADER)) {
            return new Answer(null, text.isEmpty()
                    ? "the gpm4j agent of pid " + pid + " did not answer (one older than this command?)"
                    : "pid " + pid + " answered in a format this command does not know (a newer gpm4j?)");
        }
        int eol = text.indexOf('\n');
        String status = text.substring(StackRequest.HEADER.length(), eol < 0 ? text.length() : eol);
        if (status.equals(StackRequest.OK)) {
            return new Answer(text.substring(eol + 1), null);
        }
        if (status.equals(StackRequest.NONE)) {
            return new Answer(null, "pid " + pid + " runs gpm4j but has started no goroutine");
        }
        if (status.equals(StackRequest.TIMEOUT)) {
            return new Answer(null, "pid " + pid + " took no goroutine dump in " + seconds
                    + " s: its scheduler lock stayed held (a stuck scheduler, or very many goroutines: try --timeout 60; jstack "
                    + pid + " shows the carrier threads)");
        }
        if (status.equals(StackRequest.BUSY)) {
            return new Answer(null, "pid " + pid + " is still waiting for its scheduler lock to answer an earlier request; jstack "
                    + pid + " shows the carrier threads");
        }
        return new Answer(null, "the gpm4j agent of pid " + pid + " answered: " + status);
    }

    private static int usage(PrintStream err, String problem) {
        return Pids.usage(err, problem, USAGE);
    }

    private static int fail(PrintStream err, String problem) {
        return Pids.fail(err, problem);
    }

    private static String oneLine(Throwable t) {
        return Pids.oneLine(t);
    }
}
