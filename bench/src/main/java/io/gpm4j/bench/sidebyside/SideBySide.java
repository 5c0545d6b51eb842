package io.gpm4j.bench.sidebyside;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;

/**
 * Shared by the side-by-side programs (the gpm4j ones, run under the agent, and their
 * {@code Virtual*} counterparts): their command line ({@code -n N}, {@code -rounds R}, ...) and
 * their {@code RESULT} line, the one {@code bench/run-sidebyside.sh} parses. The Go programs in
 * {@code bench/go/} take the same options and print the same line.
 */
final class SideBySide {
    private SideBySide() {
    }

    /**
     * The value of option {@code name} ({@code -n 1_000_000}); the last one wins when it is given
     * twice, as with Go's {@code flag} package (the harness appends a variant's own options to the
     * workload's).
     */
    static int intArg(String[] args, String name, int otherwise) {
        String v = stringArg(args, name, null);
        return v == null ? otherwise : Integer.parseInt(v.replace("_", ""));
    }

    /** The value of option {@code name}, the last one when it is given twice; {@code otherwise} if absent. */
    static String stringArg(String[] args, String name, String otherwise) {
        for (int i = args.length - 2; i >= 0; i--) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }

    /** One round of a workload: runs it and returns its time in nanoseconds. */
    interface Round {
        long run() throws Exception;
    }

    /** What to print of a timed round. */
    interface RoundLog {
        void log(int round, long ns);
    }

    /**
     * The rounds every program runs: {@link #warmUpRounds} warm-up rounds, then {@code rounds} timed ones, each
     * logged; returns the timed rounds' total nanoseconds. A checked exception of a round ends the
     * program as an {@link IllegalStateException}.
     */
    static long timedRounds(int rounds, Round round, RoundLog log) {
        try {
            for (int w = warmUpRounds(); w > 0; w--) {
                round.run(); // warm-up
            }
            long total = 0;
            for (int r = 0; r < rounds; r++) {
                long ns = round.run();
                log.log(r, ns);
                total += ns;
            }
            return total;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * How many untimed rounds come first: the environment's {@code WARMUP} (a number &gt;= 0),
     * else 1. The Go programs read the same variable ({@code bench/go/harness}), so
     * {@code bench/run-sidebyside.sh} gives every side the same warm-up.
     *
     * @throws IllegalArgumentException when {@code WARMUP} is set but not such a number
     */
    static int warmUpRounds() {
        String v = System.getenv("WARMUP");
        if (v == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("WARMUP must be a number of rounds >= 0, not \"" + v + "\"");
    }

    /**
     * Runs {@code body} on a virtual thread (so that the driver's own waits are virtual-thread
     * waits, as main's are goroutine waits in the gpm4j programs), waits for it and returns its
     * result; what it threw ends the program as an {@link IllegalStateException}.
     */
    static <T> T onVirtualThread(ThreadFactory vt, Callable<T> body) throws InterruptedException {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread driver = vt.newThread(() -> {
            try {
                result[0] = body.call();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        driver.start();
        driver.join();
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    /**
     * {@link #virtualThreadFactory()}, or, on a JDK without virtual threads, null after printing
     * the {@code RESULT <bench> vthreads skipped} line the harness expects.
     */
    static ThreadFactory virtualThreadsOrSkip(String bench) {
        ThreadFactory vt = virtualThreadFactory();
        if (vt == null) {
            System.out.println("RESULT " + bench + " vthreads skipped (no virtual threads on JDK " + Runtime.version() + ")");
        }
        return vt;
    }

    static void round(String bench, int round, long ns, long ops, String unit) {
        System.out.printf(Locale.ROOT, "# round %d: %.1f ns/%s%n", round, (double) ns / ops, unit);
    }

    /** {@code RESULT <bench> <impl> ns_per_op=<x> ...}: the timed rounds' total time over their ops. */
    static void result(String bench, String impl, long totalNs, long ops, String extra) {
        System.out.printf(Locale.ROOT, "RESULT %s %s ns_per_op=%.1f elapsed_ns=%d ops=%d %s jdk=%s%n", bench, impl,
                (double) totalNs / ops, totalNs, ops, extra, System.getProperty("java.runtime.version"));
    }

    /** {@code RESULT <bench> <impl> <fields>}: for results that are not a time per op (skynet, parked). */
    static void resultLine(String bench, String impl, String fields) {
        System.out.printf(Locale.ROOT, "RESULT %s %s %s jdk=%s%n", bench, impl, fields,
                System.getProperty("java.runtime.version"));
    }

    /** What {@link #measureCpu} saw: the process's CPU time over a stretch of wall time, and the work done. */
    record CpuMeter(long cpuNanos, long wallNanos, long work) {
        /** {@code cpu_percent=<CPU time / wall time * 100> hand_ons=<work per second>}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "cpu_percent=%.2f hand_ons=%.0f", cpuNanos * 100.0 / wallNanos,
                    work * 1e9 / wallNanos);
        }
    }

    /**
     * Sleeps {@code warmupMs}, then measures the process's CPU time (user + system, every thread)
     * over {@code measureMs} of wall time, and how far {@code work} counted meanwhile.
     */
    static CpuMeter measureCpu(int warmupMs, int measureMs, java.util.function.LongSupplier work) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try {
            Thread.sleep(warmupMs);
            long cpu0 = os.getProcessCpuTime();
            long work0 = work.getAsLong();
            long wall0 = System.nanoTime();
            Thread.sleep(measureMs);
            long cpu1 = os.getProcessCpuTime();
            long work1 = work.getAsLong();
            return new CpuMeter(cpu1 - cpu0, System.nanoTime() - wall0, work1 - work0);
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted while measuring", e);
        }
    }

    /** The virtual-thread scheduler's parallelism: its system property, else the CPU count. */
    static String parallelism() {
        return System.getProperty("jdk.virtualThreadScheduler.parallelism",
                String.valueOf(Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Heap in use after full collections: {@code System.gc()} until the figure stops falling
     * (at most 5 times), as {@code totalMemory() - freeMemory()}.
     */
    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = rt.totalMemory() - rt.freeMemory();
            if (used >= best) {
                break;
            }
            best = used;
        }
        return best;
    }

    /**
     * {@code Thread.ofVirtual().factory()}, through reflection (this module is compiled with
     * {@code --release 17}), or null on a JDK without virtual threads.
     */
    static ThreadFactory virtualThreadFactory() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
