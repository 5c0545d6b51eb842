package io.gpm4j.agent;

import io.gpm4j.runtime.CountersFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code java -jar gpm4j-agent.jar stat [--once | --count <n>] [--interval <seconds>] [--dir <dir>] <pid>}: the
 * live counters of a running JVM under gpm4j, read from its counters file
 * ({@link CountersFile}, written by the runtime's sysmon), as {@code vmstat} or Aeron's
 * {@code AeronStat} print theirs: one compact block a sample, every second, totals with their rate
 * since the previous sample; {@code --once} prints one sample and ends, {@code --count n} n samples. Nothing is sent to the
 * process: no attach, no signal; it works while the application is busy or deadlocked, and on a
 * JRE without {@code jdk.attach}.
 *
 * <p>The file is {@code gpm4j-<pid>.counters} in the JVM's temp dir: this command's, or the one
 * the process was started with ({@code -Djava.io.tmpdir=} on its command line, read from
 * {@code /proc}), or {@code --dir}.
 *
 * <p>Every failure is one line on standard error and a non-zero status: 2 for bad arguments, 1
 * for a pid that has no counters (no such process; one without gpm4j, or whose scheduler has not
 * started, or started with {@code -Dgpm4j.counters=false}; a file left by a process that was
 * killed, told apart by the pid being gone or belonging to a process started at another time).
 * When the process ends while being watched, the command says so and ends with status 0.
 */
final class StatCommand {
    static final String USAGE = "usage: java -jar gpm4j-agent.jar stat [--once | --count <n>] [--interval <seconds>] [--dir <dir>] <pid>";
    /** The start time in the file and the process's may differ by rounding; a reused pid's by far more. */
    private static final long START_SLACK_MS = 1_000;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private StatCommand() {
    }

    /** Runs {@code stat} with its arguments ({@code args} excludes the word stat); returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        long count = Long.MAX_VALUE;
        int interval = 1;
        Path dir = null;
        String pidArg = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--once")) {
                count = 1;
            } else if (a.equals("--count")) {
                if (i + 1 == args.size()) {
                    return usage(err, "--count needs a number of samples");
                }
                String n = args.get(++i);
                count = Pids.parseInt(n, 0);
                if (count < 1) {
                    return usage(err, "--count takes a number of samples from 1, not '" + n + "'");
                }
            } else if (a.equals("--interval")) {
                String t = i + 1 < args.size() ? args.get(++i) : null;
                interval = Pids.seconds(t);
                if (interval == 0) {
                    return usage(err, Pids.notSeconds(a, t));
                }
            } else if (a.equals("--dir")) {
                if (i + 1 == args.size()) {
                    return usage(err, "--dir needs a directory");
                }
                dir = Path.of(args.get(++i));
            } else if (Pids.positional(a, pidArg) != null) {
                return usage(err, Pids.positional(a, pidArg));
            } else {
                pidArg = a;
            }
        }
        long pid = Pids.parse(pidArg);
        if (pid <= 0) {
            return usage(err, Pids.noPid("stat", pidArg));
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        Path file = find(pid, dir);
        if (process.isEmpty()) {
            return fail(err, Files.exists(file)
                    ? "pid " + pid + " is not running; " + file + " was left by a process that ended without removing it (killed or crashed)"
                    : "no process with pid " + pid);
        }
        if (!Files.exists(file)) {
            return fail(err, "pid " + pid + " has no gpm4j counters (no " + file + "): it runs no gpm4j agent, its scheduler has not"
                    + " started, or it runs with -Dgpm4j.counters=false");
        }
        CountersFile counters;
        try {
            counters = CountersFile.open(file);
        } catch (IOException | RuntimeException e) {
            return fail(err, "cannot read the counters of pid " + pid + ": " + Pids.oneLine(e));
        }
        String stale = staleness(counters, pid, process.get(), file);
        if (stale != null) {
            return fail(err, stale);
        }
        Sample previous = null;
        for (long printed = 1;; printed++) {
            Sample now = Sample.of(counters);
            out.print(render(pid, now, previous));
            out.flush();
            if (printed == count) {
                return 0;
            }
            previous = now;
            try {
                Thread.sleep(interval * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            if (!process.get().isAlive() || !Files.exists(file)) {
                err.println("gpm4j: pid " + pid + " has ended");
                return 0;
            }
        }
    }

    /**
     * The counters file of {@code pid}: in {@code dir} when given; else in the temp dir the
     * process was started with, when its command line names one; else in this JVM's.
     */
    static Path find(long pid, Path dir) {
        if (dir != null) {
            return CountersFile.path(dir, pid);
        }
        Path own = CountersFile.path(CountersFile.defaultDir(), pid);
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            for (String arg : new String(cmdline, StandardCharsets.UTF_8).split("\0")) {
                if (arg.startsWith("-Djava.io.tmpdir=")) {
                    return CountersFile.path(Path.of(arg.substring("-Djava.io.tmpdir=".length())), pid);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not ours to read: this JVM's temp dir
        }
        return own;
    }

    /**
     * Why the file is not that of the running process {@code pid} (a file a crashed process left,
     * its pid since reused), or null when it is.
     */
    private static String staleness(CountersFile counters, long pid, ProcessHandle process, Path file) {
        if (counters.pid() != pid) {
            return file + " holds the counters of pid " + counters.pid() + ", not " + pid;
        }
        Optional<Instant> started = process.info().startInstant();
        if (counters.startMillis() != 0 && started.isPresent()
                && Math.abs(started.get().toEpochMilli() - counters.startMillis()) > START_SLACK_MS) {
            return "pid " + pid + " is not the process that wrote " + file + " (that one started "
                    + Instant.ofEpochMilli(counters.startMillis()) + ", this one " + started.get()
                    + "): the file was left by a process that was killed or crashed";
        }
        return null;
    }

    /** One read of every counter. */
    record Sample(long heartbeatMillis, long periodMillis, boolean idle, Map<String, Long> gauges, Map<String, Long> totals,
            TreeMap<Integer, Long> runqPerP) {
        static Sample of(CountersFile f) {
            Map<String, Long> gauges = new LinkedHashMap<>();
            Map<String, Long> totals = new LinkedHashMap<>();
            TreeMap<Integer, Long> perP = new TreeMap<>();
            long heartbeat = f.heartbeatMillis();
            boolean idle = f.idle();
            f.forEach((type, key, label, value) -> {
                switch (type) {
                    case CountersFile.GAUGE -> gauges.put(label, value);
                    case CountersFile.TOTAL -> totals.put(label, value);
                    case CountersFile.RUNQ_PER_P -> perP.put(key, value);
                    default -> { } // a later layout's counter: not shown
                }
            });
            return new Sample(heartbeat, f.periodMillis(), idle, gauges, totals, perP);
        }

        long gauge(String label) {
            return gauges.getOrDefault(label, 0L);
        }
    }

    /**
     * One sample as a block of lines:
     * <pre>
     * 23:41:07 pid 12345, published 0.1 s ago[, every P idle since]
     *   goroutines 12: running 1, runnable 0, waiting 10, pinned 1
     *   waiting: chan receive 5, sleep 3, sync.Mutex.Lock 2
     *   Ps 4: idle 3, running 1
     *   Ms 5: spinning 0, idle 3, in hand-off 1
     *   run queues: global 0, local 0 [0 0 0 0]; timers 3
     *   totals: goroutines created 120 (3/s), goroutines ended 108 (3/s), steals 4 (0/s), ...
     * </pre>
     * Rates are over the publications between {@code previous} and {@code now}; the first block
     * has none.
     */
    static String render(long pid, Sample now, Sample previous) {
        StringBuilder b = new StringBuilder();
        long age = System.currentTimeMillis() - now.heartbeatMillis();
        b.append(LocalTime.now(ZoneId.systemDefault()).format(CLOCK)).append(" pid ").append(pid).append(", ");
        b.append(String.format(Locale.ROOT, "published %.1f s ago", Math.max(0, age) / 1000.0))
                .append(now.idle() ? ", every P idle since" : "").append('\n');
        b.append("  goroutines ").append(now.gauge("goroutines")).append(": running ").append(now.gauge("goroutines running"))
                .append(", runnable ").append(now.gauge("goroutines runnable")).append(", waiting ").append(now.gauge("goroutines waiting"))
                .append(", pinned ").append(now.gauge("goroutines pinned")).append('\n');
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<String, Long> e : now.gauges().entrySet()) {
            if (e.getKey().startsWith("waiting: ") && e.getValue() != 0) {
                reasons.add(e.getKey().substring("waiting: ".length()) + " " + e.getValue());
            }
        }
        b.append("  waiting: ").append(reasons.isEmpty() ? "none" : String.join(", ", reasons)).append('\n');
        b.append("  Ps ").append(now.gauge("Ps")).append(": idle ").append(now.gauge("Ps idle"))
                .append(", running ").append(now.gauge("Ps running")).append('\n');
        b.append("  Ms ").append(now.gauge("Ms")).append(": spinning ").append(now.gauge("Ms spinning"))
                .append(", idle ").append(now.gauge("Ms idle")).append(", in hand-off ").append(now.gauge("Ms in hand-off")).append('\n');
        StringBuilder perP = new StringBuilder();
        for (long n : now.runqPerP().values()) {
            perP.append(perP.length() == 0 ? "" : " ").append(n);
        }
        b.append("  run queues: global ").append(now.gauge("global run queue")).append(", local ").append(now.gauge("local run queues"))
                .append(" [").append(perP).append("]; timers ").append(now.gauge("timers")).append('\n');
        b.append("  totals:");
        String sep = " ";
        double seconds = previous == null ? 0 : (now.heartbeatMillis() - previous.heartbeatMillis()) / 1000.0;
        for (Map.Entry<String, Long> e : now.totals().entrySet()) {
            b.append(sep).append(e.getKey()).append(' ').append(e.getValue());
            if (previous != null) {
                long delta = e.getValue() - previous.totals().getOrDefault(e.getKey(), e.getValue());
                b.append(" (").append(seconds > 0 ? Math.round(delta / seconds) : 0).append("/s)");
            }
            sep = ", ";
        }
        return b.append('\n').toString();
    }

    private static int usage(PrintStream err, String problem) {
        return Pids.usage(err, problem, USAGE);
    }

    private static int fail(PrintStream err, String problem) {
        return Pids.fail(err, problem);
    }
}
