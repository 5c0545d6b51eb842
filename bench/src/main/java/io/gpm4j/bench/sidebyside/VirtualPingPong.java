package io.gpm4j.bench.sidebyside;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;

/**
 * Unbuffered ping-pong between two virtual threads: the JDK side of {@link ChanPingPong} and
 * {@code bench/go/pingpong/main.go}, with a {@link SynchronousQueue} as the unbuffered channel.
 * Default scheduler (parallelism = CPU count). The driver (a virtual thread) {@code put}s
 * {@code i} on {@code ping}, the other thread {@code take}s it and {@code put}s {@code i + 1} on
 * {@code pong}; {@code -n} round trips per round (default 1,000,000), one warm-up round, then
 * {@code -rounds} (default 5) timed ones; prints {@code RESULT pingpong vthreads ns_per_op=...}.
 */
public final class VirtualPingPong {
    private VirtualPingPong() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = SideBySide.intArg(args, "-n", 1_000_000);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        ThreadFactory vt = SideBySide.virtualThreadsOrSkip("pingpong");
        if (vt == null) {
            return;
        }
        long total = SideBySide.onVirtualThread(vt, () -> SideBySide.timedRounds(rounds, () -> round(vt, n),
                (r, ns) -> SideBySide.round("pingpong", r, ns, n, "round trip")));
        SideBySide.result("pingpong", "vthreads", total, (long) rounds * n, "parallelism=" + SideBySide.parallelism());
    }

    static long round(ThreadFactory vt, int n) throws InterruptedException {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        long start = System.nanoTime();
        Thread other = vt.newThread(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    pong.put(ping.take() + 1);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        other.start();
        for (int i = 0; i < n; i++) {
            ping.put(i);
            int got = pong.take();
            if (got != i + 1) {
                throw new AssertionError("pingpong: sent " + i + ", got back " + got);
            }
        }
        long ns = System.nanoTime() - start;
        other.join();
        return ns;
    }
}
