package io.gpm4j.bench.sidebyside;

import io.gpm4j.Chan;
import io.gpm4j.Go;

/**
 * Unbuffered ping-pong between two goroutines, under the agent: the gpm4j side of
 * {@code bench/go/pingpong/main.go}. GOMAXPROCS = CPU count (the default). Per round the main
 * goroutine sends {@code i} on {@code ping} and a second goroutine answers {@code i + 1} on
 * {@code pong}, {@code -n} times (default 1,000,000); the main goroutine checks every answer.
 * {@code -gomaxprocs P} sets the number of Ps (for experiments; the harness leaves the default).
 * One warm-up round, then {@code -rounds} (default 5) timed ones; prints
 * {@code RESULT pingpong gpm4j ns_per_op=...}, one op being one round trip (two unbuffered sends
 * and two receives). Values are boxed {@code Integer}s (Go sends plain ints).
 */
public final class ChanPingPong {
    private ChanPingPong() {
    }

    public static void main(String[] args) {
        int n = SideBySide.intArg(args, "-n", 1_000_000);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        int procs = SideBySide.intArg(args, "-gomaxprocs", 0);
        if (procs > 0) {
            Go.gomaxprocs(procs);
        }
        long[] total = new long[1];
        Go.run(() -> total[0] = SideBySide.timedRounds(rounds, () -> round(n),
                (r, ns) -> SideBySide.round("pingpong", r, ns, n, "round trip")));
        SideBySide.result("pingpong", "gpm4j", total[0], (long) rounds * n, "gomaxprocs=" + Go.gomaxprocs());
    }

    static long round(int n) {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        long start = System.nanoTime();
        Go.go(() -> {
            for (int i = 0; i < n; i++) {
                pong.send(ping.recv() + 1);
            }
        });
        for (int i = 0; i < n; i++) {
            ping.send(i);
            int got = pong.recv();
            if (got != i + 1) {
                throw new AssertionError("pingpong: sent " + i + ", got back " + got + " (expected " + (i + 1) + ")");
            }
        }
        return System.nanoTime() - start;
    }
}
