package io.gpm4j.bench.sidebyside;

import io.gpm4j.Chan;
import io.gpm4j.Go;

/**
 * Buffered-channel throughput, under the agent: the gpm4j side of
 * {@code bench/go/buffered/main.go}. GOMAXPROCS = CPU count. Per round one producer goroutine
 * sends {@code 0 .. n-1} ({@code -n}, default 5,000,000) into a channel of capacity
 * {@code -cap} (default 128) and the main goroutine ranges over it ({@code Chan.range}, as Go's
 * {@code for v := range ch}), checking the order. One
 * warm-up round, then {@code -rounds} (default 5) timed ones; prints
 * {@code RESULT buffered gpm4j ns_per_op=...}, one op being one value sent and received. Values
 * are boxed {@code Integer}s.
 */
public final class ChanBuffered {
    private ChanBuffered() {
    }

    public static void main(String[] args) {
        int n = SideBySide.intArg(args, "-n", 5_000_000);
        int cap = SideBySide.intArg(args, "-cap", 128);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        long[] total = new long[1];
        Go.run(() -> total[0] = SideBySide.timedRounds(rounds, () -> round(n, cap),
                (r, ns) -> SideBySide.round("buffered", r, ns, n, "value")));
        SideBySide.result("buffered", "gpm4j", total[0], (long) rounds * n,
                "cap=" + cap + " gomaxprocs=" + Go.gomaxprocs());
    }

    static long round(int n, int cap) {
        Chan<Integer> ch = Chan.make(cap);
        long start = System.nanoTime();
        Go.go(() -> {
            for (int i = 0; i < n; i++) {
                ch.send(i);
            }
            ch.close();
        });
        int[] expected = {0};
        ch.range(v -> { // Go: for v := range ch
            if (v != expected[0]) {
                throw new AssertionError("buffered: expected " + expected[0] + ", received " + v);
            }
            expected[0]++;
        });
        long ns = System.nanoTime() - start;
        if (expected[0] != n) {
            throw new AssertionError("buffered: received " + expected[0] + " values of " + n);
        }
        return ns;
    }
}
