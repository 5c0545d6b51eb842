package io.gpm4j.agent.jfr;

import io.gpm4j.runtime.JfrNames;
import io.gpm4j.runtime.RuntimeNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a recording says about the goroutines in it, summarised in tables a Go user would
 * recognise (Go's {@code go tool trace} and {@code pprof} views, in text): goroutines created and
 * ended, time parked by wait reason, the top park stacks, pinned goroutines by stack, scheduler
 * latency percentiles, steals per P, and the runs of goroutines on each M for a timeline.
 *
 * <p>The recording is read once, streaming; {@link TextReport} and {@link HtmlReport} render it.
 */
public final class Report {
    /** Park stacks and pinned stacks are keyed by this many frames below the runtime's own. */
    static final int STACK_DEPTH = 6;
    /** Rows of the "top" tables. */
    static final int TOP = 10;
    /** At most this many goroutine runs are kept for the timeline (the longest). */
    static final int TIMELINE_RUNS = 4000;

    /** A titled table: the unit both renderers draw. */
    public record Table(String title, String note, List<String> header, List<List<String>> rows) {
    }

    /** One stretch of a goroutine on an M, for the timeline. */
    public record Run(long mId, int pId, long goroutineId, long startNanos, long durationNanos, String outcome) {
    }

    final Path file;
    Instant first;
    Instant last;
    final List<Table> tables = new ArrayList<>();
    final List<Run> runs = new ArrayList<>();
    int runsDropped;
    final Map<String, Long> eventCounts = new TreeMap<>();

    private Report(Path file) {
        this.file = file;
    }

    /** The recording's span, first to last event. */
    public Duration span() {
        return first == null ? Duration.ZERO : Duration.between(first, last);
    }

    public Instant start() {
        return first;
    }

    public List<Table> tables() {
        return tables;
    }

    public List<Run> timeline() {
        return runs;
    }

    public Path file() {
        return file;
    }

    /** How many gpm4j events of each kind the recording holds. */
    public Map<String, Long> eventCounts() {
        return eventCounts;
    }

    /**
     * Reads {@code recording}. Throws {@link IOException} when the file is missing or is not a
     * JFR recording.
     */
    public static Report of(Path recording) throws IOException {
        Report report = new Report(recording);
        Reader reader = new Reader();
        try (RecordingFile in = new RecordingFile(recording)) {
            for (EventType t : in.readEventTypes()) {
                reader.typeNames.put(t.getId(), t.getName());
            }
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                reader.accept(e, report);
            }
        }
        reader.finish(report);
        return report;
    }

    /** Accumulates per event kind while the recording streams past. */
    private static final class Reader {
        final Map<Long, String> typeNames = new HashMap<>();
        /** event name -> threshold, and -> enabled, from jdk.ActiveSetting. */
        final Map<String, String> thresholds = new HashMap<>();
        final Map<String, String> enabled = new HashMap<>();
        final Map<String, String> periods = new HashMap<>();

        RecordedEvent firstStats;
        RecordedEvent lastStats;
        int statsSamples;
        int peakGoroutines;
        int peakWaiting;
        int peakRunnable;
        int peakThreads;
        int peakPinned;
        long created;
        long ended;
        long endedFailed;
        long preemptEvents;
        long handOffEvents;
        long handOffStuckMaxNanos;

        final Map<String, Agg> parkByReason = new TreeMap<>();
        final Map<String, Agg> parkByStack = new HashMap<>();
        final Map<String, Agg> pinnedByStack = new HashMap<>();
        long[] latencies = new long[1024];
        int nlatencies;
        final Map<Integer, long[]> stealsByP = new TreeMap<>(); // thief: steals, taken; victim: robbed
        final Map<Long, long[]> runsByM = new TreeMap<>(); // runs, nanos
        final Map<Long, Set<Long>> goroutinesByM = new HashMap<>();

        void accept(RecordedEvent e, Report report) {
            String name = e.getEventType().getName();
            if (name.equals("jdk.ActiveSetting")) {
                String setting = e.getString("name");
                String event = typeNames.get(e.getLong("id"));
                if (event != null && event.startsWith(JfrNames.PREFIX)) {
                    if ("threshold".equals(setting)) {
                        thresholds.put(event, e.getString("value"));
                    } else if ("enabled".equals(setting)) {
                        enabled.put(event, e.getString("value"));
                    } else if ("period".equals(setting)) {
                        periods.put(event, e.getString("value"));
                    }
                }
                return;
            }
            if (!name.startsWith(JfrNames.PREFIX)) {
                return;
            }
            report.eventCounts.merge(name, 1L, Long::sum);
            Instant start = e.getStartTime();
            Instant end = e.getEndTime();
            if (report.first == null || start.isBefore(report.first)) {
                report.first = start;
            }
            if (report.last == null || end.isAfter(report.last)) {
                report.last = end;
            }
            switch (name) {
                case JfrNames.RUNTIME_STATS -> stats(e);
                case JfrNames.GOROUTINE_CREATE -> created++;
                case JfrNames.GOROUTINE_PREEMPT -> preemptEvents++;
                case JfrNames.PROC_HAND_OFF -> {
                    handOffEvents++;
                    handOffStuckMaxNanos = Math.max(handOffStuckMaxNanos, e.getLong(JfrNames.STUCK_FOR));
                }
                case JfrNames.GOROUTINE_END -> {
                    ended++;
                    if (e.getBoolean(JfrNames.FAILED)) {
                        endedFailed++;
                    }
                }
                case JfrNames.GOROUTINE_PARK -> {
                    String reason = e.getString(JfrNames.WAIT_REASON);
                    long nanos = e.getDuration().toNanos();
                    parkByReason.computeIfAbsent(reason, k -> new Agg()).add(nanos, reason);
                    parkByStack.computeIfAbsent(stackKey(e.getStackTrace()), k -> new Agg()).add(nanos, reason);
                }
                case JfrNames.GOROUTINE_PINNED -> {
                    String key = e.getString(JfrNames.PINNED_REASON) + "\n" + e.getString(JfrNames.BLOCKING_FRAME) + "\n" + stackKey(e.getStackTrace());
                    pinnedByStack.computeIfAbsent(key, k -> new Agg()).add(e.getDuration().toNanos(), e.getString(JfrNames.WAIT_REASON));
                }
                case JfrNames.SCHEDULER_LATENCY -> {
                    if (nlatencies == latencies.length) {
                        latencies = Arrays.copyOf(latencies, nlatencies * 2);
                    }
                    latencies[nlatencies++] = e.getDuration().toNanos();
                }
                case JfrNames.PROC_STEAL -> {
                    long[] thief = stealsByP.computeIfAbsent(e.getInt(JfrNames.THIEF_P_ID), k -> new long[3]);
                    thief[0]++;
                    thief[1] += e.getInt(JfrNames.TAKEN);
                    stealsByP.computeIfAbsent(e.getInt(JfrNames.VICTIM_P_ID), k -> new long[3])[2]++;
                }
                case JfrNames.GOROUTINE_RUN -> {
                    long m = e.getLong(JfrNames.M_ID);
                    long nanos = e.getDuration().toNanos();
                    long[] perM = runsByM.computeIfAbsent(m, k -> new long[2]);
                    perM[0]++;
                    perM[1] += nanos;
                    goroutinesByM.computeIfAbsent(m, k -> new HashSet<>()).add(e.getLong(JfrNames.GOROUTINE_ID));
                    report.runs.add(new Run(m, e.getInt(JfrNames.P_ID), e.getLong(JfrNames.GOROUTINE_ID),
                            e.getStartTime().getEpochSecond() * 1_000_000_000L + e.getStartTime().getNano(), nanos,
                            e.getString(JfrNames.OUTCOME)));
                }
                default -> { }
            }
        }

        private void stats(RecordedEvent e) {
            if (firstStats == null) {
                firstStats = e;
            }
            lastStats = e;
            statsSamples++;
            peakGoroutines = Math.max(peakGoroutines, e.getInt(JfrNames.GOROUTINES));
            peakWaiting = Math.max(peakWaiting, e.getInt(JfrNames.WAITING));
            peakRunnable = Math.max(peakRunnable, e.getInt(JfrNames.RUNNABLE));
            peakThreads = Math.max(peakThreads, e.getInt(JfrNames.THREADS));
            peakPinned = Math.max(peakPinned, e.getInt(JfrNames.PINNED));
        }

        void finish(Report r) {
            r.tables.add(goroutines());
            r.tables.add(parkedByReason());
            r.tables.add(parkStacks());
            r.tables.add(pinned());
            r.tables.add(latency());
            r.tables.add(steals());
            r.tables.add(runsPerM());
            if (r.runs.size() > TIMELINE_RUNS) {
                r.runs.sort(Comparator.comparingLong(Run::durationNanos).reversed());
                r.runsDropped = r.runs.size() - TIMELINE_RUNS;
                r.runs.subList(TIMELINE_RUNS, r.runs.size()).clear();
            }
            r.runs.sort(Comparator.comparingLong(Run::startNanos));
        }

        private Table goroutines() {
            List<List<String>> rows = new ArrayList<>();
            String note;
            if (lastStats != null) {
                long createdDuring = lastStats.getLong(JfrNames.CREATED) - firstStats.getLong(JfrNames.CREATED);
                long endedDuring = lastStats.getLong(JfrNames.ENDED) - firstStats.getLong(JfrNames.ENDED);
                rows.add(List.of("created", count(createdDuring), "between the first and last RuntimeStats sample"));
                rows.add(List.of("ended", count(endedDuring), "between the first and last RuntimeStats sample"));
                rows.add(List.of("alive at the end", count(lastStats.getInt(JfrNames.GOROUTINES)), lastStats.getInt(JfrNames.WAITING) + " waiting, "
                        + lastStats.getInt(JfrNames.RUNNABLE) + " runnable, " + lastStats.getInt(JfrNames.RUNNING) + " running"));
                rows.add(List.of("peak alive", count(peakGoroutines), "peak waiting " + count(peakWaiting) + ", peak runnable "
                        + count(peakRunnable) + ", peak pinned " + count(peakPinned)));
                rows.add(List.of("GOMAXPROCS", String.valueOf(lastStats.getInt(JfrNames.GOMAXPROCS)), "Ms (carrier threads) at most " + peakThreads));
                rows.add(List.of("steals", count(lastStats.getLong(JfrNames.STEALS) - firstStats.getLong(JfrNames.STEALS)), "between the first and last sample"));
                rows.add(List.of("preemptions", count(lastStats.getLong(JfrNames.PREEMPTIONS) - firstStats.getLong(JfrNames.PREEMPTIONS)),
                        "goroutines that yielded at a preemption point, of "
                                + count(lastStats.getLong(JfrNames.PREEMPT_REQUESTS) - firstStats.getLong(JfrNames.PREEMPT_REQUESTS))
                                + " asked to by sysmon (chaos mode's own come on top), between the first and last sample"
                                + armings(firstStats, lastStats)));
                rows.add(List.of("hand-offs", count(lastStats.getLong(JfrNames.HAND_OFFS) - firstStats.getLong(JfrNames.HAND_OFFS)),
                        "Ps retaken from Ms stuck in a goroutine's code (blocked in the JDK or in I/O, or deaf to preemption), between the first and last sample"
                                + (handOffEvents > 0 ? "; " + handOffEvents + " hand-off events, the longest stuck "
                                        + handOffStuckMaxNanos / 1_000 + " µs" : "")));
                note = statsSamples + " RuntimeStats samples";
            } else if ("true".equals(enabled.get(JfrNames.RUNTIME_STATS))) {
                String period = periods.get(JfrNames.RUNTIME_STATS);
                note = "no " + JfrNames.RUNTIME_STATS + " sample: the run was shorter than the event's period"
                        + (period == null ? "" : " (" + period + ")");
            } else {
                note = "no " + JfrNames.RUNTIME_STATS + " events: enable them (gpm4j.jfc does) for counts";
            }
            if (lastStats == null && (preemptEvents > 0 || handOffEvents > 0)) {
                rows.add(List.of("preemptions", count(preemptEvents), "preempt events (no RuntimeStats sample)"));
                rows.add(List.of("hand-offs", count(handOffEvents), "hand-off events (no RuntimeStats sample), the longest stuck "
                        + handOffStuckMaxNanos / 1_000 + " µs"));
            }
            if (created > 0 || ended > 0) {
                rows.add(List.of("GoroutineCreate events", count(created), "one per go statement recorded"));
                rows.add(List.of("GoroutineEnd events", count(ended), endedFailed + " ended with an uncaught exception"));
            }
            return new Table("Goroutines", note, List.of("", "count", ""), rows);
        }

        private Table parkedByReason() {
            List<List<String>> rows = new ArrayList<>();
            parkByReason.entrySet().stream()
                    .sorted(Map.Entry.<String, Agg>comparingByValue(Comparator.comparingLong(a -> -a.total)))
                    .forEach(en -> rows.add(List.of(en.getKey(), count(en.getValue().count), time(en.getValue().total),
                            time(en.getValue().total / Math.max(1, en.getValue().count)), time(en.getValue().max))));
            return new Table("Time parked by wait reason", thresholdNote(JfrNames.GOROUTINE_PARK, rows.isEmpty()),
                    List.of("wait reason", "parks", "total", "mean", "max"), rows);
        }

        private Table parkStacks() {
            List<List<String>> rows = new ArrayList<>();
            top(parkByStack).forEach(en -> rows.add(List.of(time(en.getValue().total), count(en.getValue().count),
                    en.getValue().reason, en.getKey())));
            return new Table("Top park stacks", "by total time parked; " + thresholdNote(JfrNames.GOROUTINE_PARK, rows.isEmpty()),
                    List.of("total", "parks", "wait reason", "stack (innermost first, gpm4j runtime frames left out)"), rows);
        }

        private Table pinned() {
            List<List<String>> rows = new ArrayList<>();
            pinnedByStack.entrySet().stream()
                    .sorted(Map.Entry.<String, Agg>comparingByValue(Comparator.comparingLong(a -> -a.count)))
                    .limit(TOP)
                    .forEach(en -> {
                        String[] parts = en.getKey().split("\n", 3);
                        rows.add(List.of(count(en.getValue().count), time(en.getValue().total), time(en.getValue().max),
                                parts[0], parts[1], parts[2]));
                    });
            return new Table("Pinned goroutines", "grouped by stack, most frequent first; a pinned goroutine blocks its carrier thread; "
                    + thresholdNote(JfrNames.GOROUTINE_PINNED, rows.isEmpty()),
                    List.of("count", "total", "max", "reason", "blocking frame", "stack"), rows);
        }

        private Table latency() {
            List<List<String>> rows = new ArrayList<>();
            if (nlatencies > 0) {
                long[] sorted = Arrays.copyOf(latencies, nlatencies);
                Arrays.sort(sorted);
                rows.add(List.of(count(nlatencies), time(percentile(sorted, 50)), time(percentile(sorted, 90)),
                        time(percentile(sorted, 99)), time(percentile(sorted, 99.9)), time(sorted[sorted.length - 1])));
            }
            return new Table("Scheduler latency", "time from runnable to running; " + thresholdNote(JfrNames.SCHEDULER_LATENCY, rows.isEmpty())
                    + (rows.isEmpty() ? "" : " (percentiles of the recorded waits, those over the threshold)"),
                    List.of("waits", "p50", "p90", "p99", "p99.9", "max"), rows);
        }

        private Table steals() {
            List<List<String>> rows = new ArrayList<>();
            stealsByP.forEach((p, s) -> rows.add(List.of("P" + p, count(s[0]), count(s[1]), count(s[2]))));
            return new Table("Steals per P", rows.isEmpty() ? "no " + JfrNames.PROC_STEAL + " events (gpm4j.jfc enables them)" : "",
                    List.of("P", "steals (as thief)", "goroutines taken", "stolen from (as victim)"), rows);
        }

        private Table runsPerM() {
            List<List<String>> rows = new ArrayList<>();
            runsByM.forEach((m, s) -> rows.add(List.of("M" + m, count(s[0]), time(s[1]), count(goroutinesByM.get(m).size()))));
            return new Table("Goroutine runs per M", thresholdNote(JfrNames.GOROUTINE_RUN, rows.isEmpty()),
                    List.of("M", "runs", "time running goroutines", "distinct goroutines"), rows);
        }

        private String thresholdNote(String event, boolean empty) {
            String t = thresholds.get(event);
            String shortName = event.substring(JfrNames.PREFIX.length());
            if (empty && "false".equals(enabled.get(event))) {
                boolean detailed = List.of(JfrSettings.DETAILED).contains(event);
                return shortName + " was not enabled" + (detailed
                        ? ": record with gpm4j.jfc's scheduler=detailed (agent option jfrdetail) for it" : "");
            }
            if (empty) {
                return "no " + shortName + " events" + (t == null ? " (is the event enabled?)" : " over the threshold of " + t);
            }
            return t == null ? "" : "threshold " + t;
        }

        private static List<Map.Entry<String, Agg>> top(Map<String, Agg> m) {
            List<Map.Entry<String, Agg>> l = new ArrayList<>(m.entrySet());
            l.sort(Map.Entry.comparingByValue(Comparator.comparingLong(a -> -a.total)));
            return l.subList(0, Math.min(TOP, l.size()));
        }
    }

    /** Count, total and max of durations, and the last label seen. */
    private static final class Agg {
        long count;
        long total;
        long max;
        String reason = "";

        void add(long nanos, String reason) {
            count++;
            total += nanos;
            max = Math.max(max, nanos);
            if (reason != null) {
                this.reason = reason;
            }
        }
    }

    /**
     * The goroutine's own frames, innermost first, one per line: without the runtime's frames
     * above them (the park or pin machinery) or below them (the continuation and the scheduler
     * loop), and without lambda proxies, whose names change from run to run.
     */
    static String stackKey(RecordedStackTrace stack) {
        if (stack == null) {
            return "(no stack trace)";
        }
        StringBuilder b = new StringBuilder();
        int shown = 0;
        boolean inRuntime = true;
        for (RecordedFrame f : stack.getFrames()) {
            String type = f.getMethod().getType().getName();
            if (inRuntime && type.startsWith(RuntimeNames.MACHINE_ROOM_CLASSES)) {
                continue;
            }
            inRuntime = false;
            if (type.equals(RuntimeNames.CONTINUATION_CLASS)) {
                break; // the goroutine's entry: what lies below is the scheduler
            }
            if (type.contains("$$Lambda")) {
                continue;
            }
            if (shown == STACK_DEPTH) {
                b.append("\n...");
                break;
            }
            if (shown > 0) {
                b.append('\n');
            }
            b.append(type).append('.').append(f.getMethod().getName());
            if (f.getLineNumber() > 0) {
                b.append(':').append(f.getLineNumber());
            }
            shown++;
        }
        return shown == 0 ? "(runtime frames only)" : b.toString();
    }

    static long percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** A duration the way Go prints one (with us for µs): 1.5ms, 230us, 12s. */
    public static String time(long nanos) {
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return trim(nanos / 1e3) + "us";
        }
        if (nanos < 1_000_000_000) {
            return trim(nanos / 1e6) + "ms";
        }
        return trim(nanos / 1e9) + "s";
    }

    private static String trim(double v) {
        return v >= 100 ? String.valueOf(Math.round(v)) : String.format(java.util.Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    /**
     * "; the loops' back-edge points armed N times ..." when the runtime armed them between the
     * two samples; nothing when it did not, or when the recording predates the field.
     */
    static String armings(RecordedEvent first, RecordedEvent last) {
        if (!first.hasField(JfrNames.BACK_EDGE_ARMS) || !last.hasField(JfrNames.BACK_EDGE_ARMS)) {
            return "";
        }
        long n = last.getLong(JfrNames.BACK_EDGE_ARMS) - first.getLong(JfrNames.BACK_EDGE_ARMS);
        return n == 0 ? "" : "; the loops' back-edge points armed " + count(n)
                + (n == 1 ? " time" : " times") + " (each time the JVM deoptimized the compiled loops that had folded them away)";
    }

    static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
