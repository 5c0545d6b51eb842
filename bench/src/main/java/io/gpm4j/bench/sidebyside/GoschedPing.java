package io.gpm4j.bench.sidebyside;

import io.gpm4j.Go;

/**
 * Gosched ping on one P, under the agent: the gpm4j side of {@code bench/go/gosched/main.go}.
 * GOMAXPROCS=1; per round two goroutines each call {@code Go.gosched()} {@code -n} times (default
 * 1,000,000), so they alternate on the one P; the main goroutine is parked meanwhile (a
 * {@link Spawn.Countdown} of 2). One warm-up round, then {@code -rounds} (default 5) timed ones;
 * prints {@code RESULT gosched gpm4j ns_per_op=...}, one op being one {@code gosched} call.
 */
public final class GoschedPing {
    private GoschedPing() {
    }

    public static void main(String[] args) {
        int n = SideBySide.intArg(args, "-n", 1_000_000);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        Go.gomaxprocs(1);
        long[] total = new long[1];
        Go.run(() -> total[0] = SideBySide.timedRounds(rounds, () -> round(n),
                (r, ns) -> SideBySide.round("gosched", r, ns, 2L * n, "gosched")));
        SideBySide.result("gosched", "gpm4j", total[0], 2L * rounds * n, "gomaxprocs=" + Go.gomaxprocs());
    }

    static long round(int n) {
        Spawn.Countdown done = new Spawn.Countdown(2);
        Runnable body = () -> {
            for (int i = 0; i < n; i++) {
                Go.gosched();
            }
            done.countDown();
        };
        long start = System.nanoTime();
        Go.go(body);
        Go.go(body);
        done.await();
        return System.nanoTime() - start;
    }
}
