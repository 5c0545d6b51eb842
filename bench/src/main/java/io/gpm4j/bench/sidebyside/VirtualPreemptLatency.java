package io.gpm4j.bench.sidebyside;

import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * Preemption latency on one carrier: the JDK side of {@link PreemptLatency} and
 * {@code bench/go/preempt/main.go}. Run with {@code -Djdk.virtualThreadScheduler.parallelism=1}
 * (it warns otherwise). Per repetition the driver, the main thread, starts virtual thread A; A
 * yields once (as in the other programs), starts virtual thread B, notes the time and spins in
 * {@link LatencyRep#spin} until B has run.
 * The JDK never preempts a virtual thread that computes: B runs only once A's spin ends at its
 * bound ({@code -spin-ms}, default 200, ended by a platform thread), so every repetition counts as
 * {@code bound_hit} and a sample, (B's first run - A's start) - 10 ms, is about the bound less
 * 10 ms: the figure says how long the other thread waited, not a preemption latency. Each
 * repetition takes the whole bound, so the harness runs this with {@code -n 1}.
 *
 * <p>The driver is a platform thread, not a virtual one as in the other {@code Virtual*}
 * programs: with a virtual driver about one repetition in 20 ended early, B running beside the
 * spinning A. The likely cause: a virtual thread that prints (a file write) makes the scheduler
 * add a carrier for the duration of the write (compensation), and that carrier lingers.
 *
 * <p>{@code -n} repetitions per round (default 20), one warm-up round, then {@code -rounds} timed
 * ones (default 5); {@code -loop} is accepted and only named in the result (the JDK rewrites
 * nothing); prints {@code RESULT preempt|preempt-rewritten vthreads p50_us=... samples=...
 * slice_ms=10 ...} (see {@link Latencies}).
 */
public final class VirtualPreemptLatency {
    private VirtualPreemptLatency() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = SideBySide.intArg(args, "-n", 20);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        int spinMs = SideBySide.intArg(args, "-spin-ms", 200);
        String loop = SideBySide.stringArg(args, "-loop", "plain");
        String bench = loop.equals("rewritten") ? "preempt-rewritten" : "preempt";
        ThreadFactory vt = SideBySide.virtualThreadsOrSkip(bench);
        if (vt == null) {
            return;
        }
        String parallelism = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (!"1".equals(parallelism)) {
            System.out.println("# warning: run with -Djdk.virtualThreadScheduler.parallelism=1 (one carrier)");
        }
        Latencies lat = new Latencies();
        SideBySide.timedRounds(rounds, () -> {
            lat.startRound();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                LatencyRep r = repetition(vt, spinMs);
                lat.add(r.sampleNs() - PreemptLatency.SLICE_NS, r.boundHit());
            }
            return System.nanoTime() - start;
        }, (r, ns) -> System.out.printf(Locale.ROOT, "# round %d: %s (µs past the 10 ms slice; %d ms)%n",
                r, lat.endTimedRound(), ns / 1_000_000));
        SideBySide.resultLine(bench, "vthreads", lat.summary() + " slice_ms=10 loop=" + loop + " spin_ms=" + spinMs
                + " bound_hit=" + lat.boundHits() + " parallelism=" + parallelism);
    }

    /** One repetition, on the driver: returns once A and B have both finished. */
    private static LatencyRep repetition(ThreadFactory vt, int spinMs) throws InterruptedException {
        LatencyRep r = new LatencyRep();
        r.bound(spinMs);
        Thread a = vt.newThread(() -> {
            Thread.yield(); // as A does in the other programs (no time slices here)
            Thread b = vt.newThread(r::ran);
            r.b = b;
            b.start();
            r.begin();
            r.spins = LatencyRep.spin(r);
        });
        a.start();
        a.join();
        r.b.join();
        return r;
    }
}
