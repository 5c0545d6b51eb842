package io.gpm4j.bench.sidebyside;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;

/**
 * Skynet with virtual threads: the JDK side of {@link ChanSkynet} and
 * {@code bench/go/skynet/main.go}, a {@link SynchronousQueue} per node as its unbuffered result
 * channel. Default scheduler. One warm-up round, then {@code -rounds} (default 5) timed ones,
 * each checked; prints {@code RESULT skynet vthreads ms_per_round=...}.
 */
public final class VirtualSkynet {
    private VirtualSkynet() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = SideBySide.intArg(args, "-n", 1_000_000);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        ThreadFactory vt = SideBySide.virtualThreadsOrSkip("skynet");
        if (vt == null) {
            return;
        }
        long total = SideBySide.onVirtualThread(vt, () -> SideBySide.timedRounds(rounds, () -> round(vt, n),
                (r, ns) -> System.out.printf(java.util.Locale.ROOT, "# round %d: %.1f ms%n", r, ns / 1e6)));
        SideBySide.resultLine("skynet", "vthreads", String.format(java.util.Locale.ROOT,
                "ms_per_round=%.1f ns_per_op=%.1f elapsed_ns=%d rounds=%d leaves=%d parallelism=%s",
                total / 1e6 / rounds, (double) total / ((long) rounds * n), total, rounds, n,
                SideBySide.parallelism()));
    }

    static long round(ThreadFactory vt, int n) throws InterruptedException {
        long start = System.nanoTime();
        SynchronousQueue<Long> c = new SynchronousQueue<>();
        vt.newThread(() -> skynet(vt, c, 0, n, 10)).start();
        long sum = c.take();
        long ns = System.nanoTime() - start;
        long expected = (long) n * (n - 1) / 2;
        if (sum != expected) {
            throw new AssertionError("skynet: sum " + sum + ", expected " + expected);
        }
        return ns;
    }

    static void skynet(ThreadFactory vt, SynchronousQueue<Long> c, long num, int size, int div) {
        try {
            if (size == 1) {
                c.put(num);
                return;
            }
            SynchronousQueue<Long> rc = new SynchronousQueue<>();
            int childSize = size / div;
            for (int i = 0; i < div; i++) {
                long subNum = num + (long) i * childSize;
                vt.newThread(() -> skynet(vt, rc, subNum, childSize, div)).start();
            }
            long sum = 0;
            for (int i = 0; i < div; i++) {
                sum += rc.take();
            }
            c.put(sum);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
