package io.gpm4j.bench.sidebyside;

import io.gpm4j.Chan;
import io.gpm4j.Go;

/**
 * Skynet, under the agent: the gpm4j side of {@code bench/go/skynet/main.go}. Each node of a
 * 10-ary tree of goroutines makes an unbuffered result channel, starts its 10 children with it,
 * receives and sums their 10 results and sends the sum to its parent; the 1,000,000 leaves
 * ({@code -n}) send their numbers, so the root's sum is {@code 0 + 1 + ... + 999,999}
 * (1,111,111 goroutines in all). GOMAXPROCS = CPU count. One warm-up round, then
 * {@code -rounds} (default 5) timed ones, each checked; prints
 * {@code RESULT skynet gpm4j ms_per_round=... ns_per_op=...} (one op = one leaf). Values are
 * boxed {@code Long}s.
 */
public final class ChanSkynet {
    private ChanSkynet() {
    }

    public static void main(String[] args) {
        int n = SideBySide.intArg(args, "-n", 1_000_000);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        long[] total = new long[1];
        Go.run(() -> total[0] = SideBySide.timedRounds(rounds, () -> round(n),
                (r, ns) -> System.out.printf(java.util.Locale.ROOT, "# round %d: %.1f ms%n", r, ns / 1e6)));
        SideBySide.resultLine("skynet", "gpm4j", String.format(java.util.Locale.ROOT,
                "ms_per_round=%.1f ns_per_op=%.1f elapsed_ns=%d rounds=%d leaves=%d gomaxprocs=%d",
                total[0] / 1e6 / rounds, (double) total[0] / ((long) rounds * n), total[0], rounds, n, Go.gomaxprocs()));
    }

    static long round(int n) {
        long start = System.nanoTime();
        Chan<Long> c = Chan.make();
        Go.go(() -> skynet(c, 0, n, 10));
        long sum = c.recv();
        long ns = System.nanoTime() - start;
        long expected = (long) n * (n - 1) / 2;
        if (sum != expected) {
            throw new AssertionError("skynet: sum " + sum + ", expected " + expected);
        }
        return ns;
    }

    static void skynet(Chan<Long> c, long num, int size, int div) {
        if (size == 1) {
            c.send(num);
            return;
        }
        Chan<Long> rc = Chan.make();
        int childSize = size / div;
        for (int i = 0; i < div; i++) {
            long subNum = num + (long) i * childSize;
            Go.go(() -> skynet(rc, subNum, childSize, div));
        }
        long sum = 0;
        for (int i = 0; i < div; i++) {
            sum += rc.recv();
        }
        c.send(sum);
    }
}
