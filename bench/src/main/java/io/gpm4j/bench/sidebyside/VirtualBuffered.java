package io.gpm4j.bench.sidebyside;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;

/**
 * Buffered-queue throughput between two virtual threads: the JDK side of {@link ChanBuffered}
 * and {@code bench/go/buffered/main.go}, with an {@link ArrayBlockingQueue} of capacity
 * {@code -cap} (default 128) as the buffered channel. Default scheduler. One producer thread
 * {@code put}s {@code 0 .. n-1} ({@code -n}, default 5,000,000) and then a sentinel (the queue
 * cannot be closed); the driver {@code take}s them, checking the order. One warm-up round, then
 * {@code -rounds} (default 5) timed ones; prints {@code RESULT buffered vthreads ns_per_op=...}.
 */
public final class VirtualBuffered {
    private static final Integer END = Integer.valueOf(-1);

    private VirtualBuffered() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = SideBySide.intArg(args, "-n", 5_000_000);
        int cap = SideBySide.intArg(args, "-cap", 128);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        ThreadFactory vt = SideBySide.virtualThreadsOrSkip("buffered");
        if (vt == null) {
            return;
        }
        long total = SideBySide.onVirtualThread(vt, () -> SideBySide.timedRounds(rounds, () -> round(vt, n, cap),
                (r, ns) -> SideBySide.round("buffered", r, ns, n, "value")));
        SideBySide.result("buffered", "vthreads", total, (long) rounds * n,
                "cap=" + cap + " parallelism=" + SideBySide.parallelism());
    }

    static long round(ThreadFactory vt, int n, int cap) throws InterruptedException {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(cap);
        long start = System.nanoTime();
        vt.newThread(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    q.put(i);
                }
                q.put(END);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).start();
        int expected = 0;
        for (;;) {
            Integer v = q.take();
            if (v == END) {
                break;
            }
            if (v != expected) {
                throw new AssertionError("buffered: expected " + expected + ", received " + v);
            }
            expected++;
        }
        long ns = System.nanoTime() - start;
        if (expected != n) {
            throw new AssertionError("buffered: received " + expected + " values of " + n);
        }
        return ns;
    }
}
