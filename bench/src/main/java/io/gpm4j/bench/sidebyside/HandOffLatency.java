package io.gpm4j.bench.sidebyside;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import java.util.Locale;

/**
 * Hand-off latency on one P, under the agent: the gpm4j side of {@code bench/go/handoff/main.go}.
 * GOMAXPROCS=1. Per repetition the main goroutine starts goroutine A and waits; A starts goroutine
 * B (queued behind A on the one P, in runnext), notes the time and enters a blocking JDK call,
 * {@code -block queue} ({@code SynchronousQueue.take()}, workload {@code handoff}, the default) or
 * {@code -block read} (a socket read, workload {@code handoff-io}); see {@link Blocker}. B notes
 * the time first thing and ends A's call. Only a hand-off lets B run: sysmon sees A's M stuck (its
 * thread WAITING, or asleep in the kernel at two ticks in a row), retakes the P and hands it to
 * another M. The main goroutine waits for both A and B to finish before the next repetition. A
 * sample is B's first run - A's start.
 *
 * <p>{@code -n} repetitions per round (default 200), one warm-up round, then {@code -rounds} timed
 * ones (default 5); prints {@code RESULT handoff|handoff-io gpm4j p50_us=... p99_us=... max_us=...
 * min_us=... samples=...} (see {@link Latencies}).
 */
public final class HandOffLatency {
    private HandOffLatency() {
    }

    public static void main(String[] args) throws Exception {
        int n = SideBySide.intArg(args, "-n", 200);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        String block = SideBySide.stringArg(args, "-block", "queue");
        String bench = Blocker.workload(block);
        Go.gomaxprocs(1);
        Latencies lat = new Latencies();
        try (Blocker blocker = Blocker.of(block)) {
            Go.run(() -> {
                Chan<LatencyRep> done = Chan.make(2);
                SideBySide.timedRounds(rounds, () -> {
                    lat.startRound();
                    long start = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        lat.add(repetition(blocker, done).sampleNs());
                    }
                    return System.nanoTime() - start;
                }, (r, ns) -> System.out.printf(Locale.ROOT, "# round %d: %s (%d ms)%n", r, lat.endTimedRound(),
                        ns / 1_000_000));
            });
        }
        SideBySide.resultLine(bench, "gpm4j", lat.summary() + " block=" + block + " gomaxprocs=" + Go.gomaxprocs());
    }

    /** One repetition, in the main goroutine: returns once A and B have both finished. */
    private static LatencyRep repetition(Blocker blocker, Chan<LatencyRep> done) {
        LatencyRep r = new LatencyRep();
        Go.go(() -> { // A
            Go.go(() -> { // B
                r.ran();
                blocker.unblock();
                done.send(r);
            });
            r.begin();
            blocker.block();
            done.send(r);
        });
        done.recv();
        done.recv();
        return r;
    }
}
