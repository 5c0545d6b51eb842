package io.gpm4j.bench.sidebyside;

import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * Hand-off latency on one carrier: the JDK side of {@link HandOffLatency} and
 * {@code bench/go/handoff/main.go}. Run with {@code -Djdk.virtualThreadScheduler.parallelism=1}
 * (it warns otherwise). Per repetition the driver, the main thread, starts virtual thread A; A
 * starts virtual thread B, notes the time and blocks in {@code SynchronousQueue.take()}
 * ({@code -block queue}, the default) or a socket read ({@code -block read}), see {@link Blocker};
 * both unmount A, so the carrier runs B at once. B notes the time first thing and ends A's call;
 * the driver joins both. A sample is B's first run - A's start. The driver is a platform thread
 * for the reason {@link VirtualPreemptLatency} gives: only A and B use the one carrier.
 *
 * <p>{@code -n} repetitions per round (default 200), one warm-up round, then {@code -rounds} timed
 * ones (default 5); prints {@code RESULT handoff|handoff-io vthreads p50_us=... samples=...} (see
 * {@link Latencies}).
 */
public final class VirtualHandOffLatency {
    private VirtualHandOffLatency() {
    }

    public static void main(String[] args) throws Exception {
        int n = SideBySide.intArg(args, "-n", 200);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        String block = SideBySide.stringArg(args, "-block", "queue");
        String bench = Blocker.workload(block);
        ThreadFactory vt = SideBySide.virtualThreadsOrSkip(bench);
        if (vt == null) {
            return;
        }
        String parallelism = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (!"1".equals(parallelism)) {
            System.out.println("# warning: run with -Djdk.virtualThreadScheduler.parallelism=1 (one carrier)");
        }
        Latencies lat = new Latencies();
        try (Blocker blocker = Blocker.of(block)) {
            SideBySide.timedRounds(rounds, () -> {
                lat.startRound();
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    lat.add(repetition(vt, blocker).sampleNs());
                }
                return System.nanoTime() - start;
            }, (r, ns) -> System.out.printf(Locale.ROOT, "# round %d: %s (%d ms)%n", r, lat.endTimedRound(),
                    ns / 1_000_000));
        }
        SideBySide.resultLine(bench, "vthreads", lat.summary() + " block=" + block + " parallelism=" + parallelism);
    }

    /** One repetition, on the driver: returns once A and B have both finished. */
    private static LatencyRep repetition(ThreadFactory vt, Blocker blocker) throws InterruptedException {
        LatencyRep r = new LatencyRep();
        Thread a = vt.newThread(() -> {
            Thread b = vt.newThread(() -> {
                r.ran();
                blocker.unblock();
            });
            r.b = b;
            b.start();
            r.begin();
            blocker.block();
        });
        a.start();
        a.join();
        r.b.join();
        return r;
    }
}
