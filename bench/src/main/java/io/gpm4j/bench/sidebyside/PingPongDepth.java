package io.gpm4j.bench.sidebyside;

import io.gpm4j.Go;

/**
 * Unbuffered ping-pong on one P with the main loop {@code -depth} rewritten frames deeper than
 * usual: what a parked stack's depth costs a switch. gpm4j saves a parked goroutine's frames and
 * rebuilds them at its resume, one by one, where Go switches stacks at the same price at any depth;
 * {@link ChanPingPong}'s harness parks its main goroutine six frames deep. Not a side-by-side
 * workload (Go has no such cost to compare); an experiment for bench/README.md. Per round, after
 * one warm-up round: {@code depth=D ns_per_round_trip=...}. Under the agent:
 * {@code java -javaagent:gpm4j-agent.jar -cp benchmarks.jar io.gpm4j.bench.sidebyside.PingPongDepth -n 2000000 -depth 8}.
 */
public final class PingPongDepth {
    private PingPongDepth() {
    }

    public static void main(String[] args) {
        int n = SideBySide.intArg(args, "-n", 2_000_000);
        int depth = SideBySide.intArg(args, "-depth", 0);
        int rounds = SideBySide.intArg(args, "-rounds", 3);
        Go.gomaxprocs(1);
        Go.run(() -> {
            for (int r = 0; r <= rounds; r++) {
                long ns = below(depth, n);
                if (r > 0) {
                    System.out.println("depth=" + depth + " ns_per_round_trip=" + String.format("%.1f", (double) ns / n));
                }
            }
        });
    }

    /** {@code extra} frames down, then the ping-pong: each frame stays on the stack while it runs. */
    static long below(int extra, int n) {
        if (extra > 0) {
            return below(extra - 1, n) + 0;
        }
        return ChanPingPong.round(n); // the side-by-side workload's own round, two frames below the body
    }
}
