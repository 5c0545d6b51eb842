package io.gpm4j.bench.sidebyside;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import java.util.Locale;
import java.util.Map;

/**
 * Preemption latency on one P, under the agent: the gpm4j side of {@code bench/go/preempt/main.go}.
 * GOMAXPROCS=1. Per repetition the main goroutine starts goroutine A and waits; A yields once
 * ({@code Go.gosched()}), starts goroutine B (queued behind A on the one P, in runnext), notes the
 * time and spins in a loop that makes no call and allocates nothing, until B has run; B notes the
 * time first thing and stops A's loop. The yield gives A a time slice of its own: readied into
 * runnext, A would share the main goroutine's slice (Go's inheritTime), which can be long spent
 * (the main goroutine may even have been preempted, leaving its slice to A, as Go does too); from
 * the global queue A starts a fresh one.
 * Only sysmon can let B run: by asking A to yield once A has held the P for its 10 ms time slice
 * (honoured at a preemption point of rewritten code), or by retaking the P from A's M and handing
 * it to another M. A sample is (B's first run - A's start) - 10 ms: how long after the end of A's
 * time slice B ran (negative when A's thread lost its CPU to another process between the start
 * of its slice and its clock read; with preemption points A may then even yield before its loop
 * turns once).
 *
 * <p>{@code -loop} picks where A's loop is:
 * <ul>
 *   <li>{@code plain} (workload {@code preempt}, the default): in {@link LatencyRep#spin}, a method
 *       with no suspendable call, which the agent does not rewrite; no preemption point can ever be
 *       there, so only the hand-off frees the P (sysmon retakes the P of an M whose goroutine
 *       has ignored the preemption request for 1 ms: deaf to it);</li>
 *   <li>{@code rewritten} (workload {@code preempt-rewritten}): in {@link #spinRewritten}, which
 *       also sends on a channel after the loop, so the agent rewrites it, and with preemption
 *       points at loop back-edges A yields soon after the request (10 ms). Without them it behaves
 *       as {@code plain}.</li>
 * </ul>
 * A's spin is bounded ({@code -spin-ms}, default 200): a platform thread ends it if B has not run by
 * then (counted as {@code bound_hit}; the sample, B's run after A's end, is kept) and prints the
 * goroutine dump and every thread's stack, since it means sysmon did not free the P.
 *
 * <p>{@code -n} repetitions per round (default 20), one warm-up round, then {@code -rounds} timed
 * ones (default 5); prints {@code RESULT preempt|preempt-rewritten gpm4j p50_us=... p99_us=...
 * max_us=... min_us=... samples=... slice_ms=10 ...} (see {@link Latencies}).
 */
public final class PreemptLatency {
    /** Sysmon's time slice (Go: forcePreemptNS), subtracted from each sample. */
    static final long SLICE_NS = 10_000_000L;

    private PreemptLatency() {
    }

    public static void main(String[] args) {
        int n = SideBySide.intArg(args, "-n", 20);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        int spinMs = SideBySide.intArg(args, "-spin-ms", 200);
        String loop = SideBySide.stringArg(args, "-loop", "plain");
        if (!loop.equals("plain") && !loop.equals("rewritten")) {
            throw new IllegalArgumentException("-loop must be plain or rewritten, not " + loop);
        }
        boolean rewritten = loop.equals("rewritten");
        String bench = rewritten ? "preempt-rewritten" : "preempt";
        Go.gomaxprocs(1);
        LatencyRep.onBoundHit(() -> System.out.println("# spin bound hit: A spun " + spinMs
                + " ms and B did not run; goroutines and threads now:\n" + Go.stack(true) + "\n" + threadDump()));
        Latencies lat = new Latencies();
        Go.run(() -> {
            Chan<LatencyRep> done = Chan.make(2);
            SideBySide.timedRounds(rounds, () -> {
                lat.startRound();
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    LatencyRep r = repetition(done, rewritten, spinMs);
                    lat.add(r.sampleNs() - SLICE_NS, r.boundHit());
                }
                return System.nanoTime() - start;
            }, (r, ns) -> System.out.printf(Locale.ROOT, "# round %d: %s (µs past the 10 ms slice; %d ms)%n",
                    r, lat.endTimedRound(), ns / 1_000_000));
        });
        SideBySide.resultLine(bench, "gpm4j", lat.summary() + " slice_ms=10 loop=" + loop + " spin_ms=" + spinMs
                + " bound_hit=" + lat.boundHits() + " gomaxprocs=" + Go.gomaxprocs());
    }

    /** Every thread's state and stack, as {@code jstack} would list them (for {@link LatencyRep#onBoundHit}). */
    private static String threadDump() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            b.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
            for (StackTraceElement f : e.getValue()) {
                b.append("\tat ").append(f).append('\n');
            }
        }
        return b.toString();
    }

    /** One repetition, in the main goroutine: returns once A and B have both finished. */
    private static LatencyRep repetition(Chan<LatencyRep> done, boolean rewritten, int spinMs) {
        LatencyRep r = new LatencyRep();
        r.bound(spinMs);
        Go.go(() -> { // A
            Go.gosched(); // a time slice of its own (see the class comment)
            Go.go(() -> { // B
                r.ran();
                done.send(r);
            });
            r.begin();
            if (rewritten) {
                spinRewritten(r, done);
            } else {
                r.spins = LatencyRep.spin(r);
                done.send(r);
            }
        });
        done.recv();
        done.recv();
        return r;
    }

    /**
     * A's loop for {@code -loop rewritten}: {@link LatencyRep#spin}'s, in a method the agent
     * rewrites because of the send after the loop.
     */
    private static void spinRewritten(LatencyRep r, Chan<LatencyRep> done) {
        long spins = 0;
        while (r.stop == 0) {
            spins++;
        }
        r.spins = spins;
        done.send(r);
    }
}
