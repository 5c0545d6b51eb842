package io.gpm4j.bench.sidebyside;

import java.util.Arrays;
import java.util.Locale;

/**
 * The latency samples of a latency program (the preempt and handoff workloads) and their summary,
 * the same as the Go programs' ({@code bench/go/harness/latency.go}): the nearest-rank median and
 * 99th percentile (the value at rank {@code ceil(p/100 * n)} of the sorted samples), the maximum,
 * the minimum and the count, in µs with one decimal:
 * {@code p50_us=... p99_us=... max_us=... min_us=... samples=N}.
 *
 * <p>Use with {@link SideBySide#timedRounds}: {@link #startRound()} at the start of every round,
 * warm-up included, {@link #add} per sample, {@link #endTimedRound()} from the log callback (which
 * runs for the timed rounds only), so the warm-up's samples never count. One thread at a time.
 */
final class Latencies {
    private long[] round = new long[256];
    private int roundCount;
    private long[] all = new long[1024];
    private int allCount;
    private int roundBoundHits;
    private int boundHits;

    /** Drops the current round's samples. */
    void startRound() {
        roundCount = 0;
        roundBoundHits = 0;
    }

    /**
     * One sample of the current round, in ns, and whether it ended at a bound instead of by the
     * event it waits for (the preempt workloads' spin bound, {@link LatencyRep#boundHit()}).
     */
    void add(long ns, boolean boundHit) {
        roundBoundHits += boundHit ? 1 : 0;
        add(ns);
    }

    /** One sample of the current round, in ns. */
    void add(long ns) {
        if (roundCount == round.length) {
            round = Arrays.copyOf(round, 2 * roundCount);
        }
        round[roundCount++] = ns;
    }

    /** Keeps the current round's samples and returns their summary. */
    String endTimedRound() {
        if (allCount + roundCount > all.length) {
            all = Arrays.copyOf(all, Math.max(2 * all.length, allCount + roundCount));
        }
        System.arraycopy(round, 0, all, allCount, roundCount);
        allCount += roundCount;
        boundHits += roundBoundHits;
        return summary(round, roundCount);
    }

    /** The timed rounds' samples that ended at a bound. */
    int boundHits() {
        return boundHits;
    }

    /** The summary of the timed rounds' samples. */
    String summary() {
        return summary(all, allCount);
    }

    static String summary(long[] samples, int n) {
        if (n == 0) {
            return "samples=0";
        }
        long[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        return String.format(Locale.ROOT, "p50_us=%.1f p99_us=%.1f max_us=%.1f min_us=%.1f samples=%d",
                s[rank(50, n)] / 1e3, s[rank(99, n)] / 1e3, s[n - 1] / 1e3, s[0] / 1e3, n);
    }

    /** The index of the nearest-rank {@code p}-th percentile of {@code n} sorted samples: ceil(p*n/100) - 1. */
    private static int rank(int p, int n) {
        return Math.max(1, (p * n + 99) / 100) - 1;
    }
}
