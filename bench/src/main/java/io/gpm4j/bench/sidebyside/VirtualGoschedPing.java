package io.gpm4j.bench.sidebyside;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Yield ping on one carrier: the JDK side of {@link GoschedPing} and
 * {@code bench/go/gosched/main.go}. Run with {@code -Djdk.virtualThreadScheduler.parallelism=1}
 * (it warns otherwise); per round two virtual threads each call {@code Thread.yield()} {@code -n}
 * times (default 1,000,000), so they alternate on the one carrier; the driver, a virtual thread
 * too, is parked meanwhile. One warm-up round, then {@code -rounds} (default 5) timed ones;
 * prints {@code RESULT gosched vthreads ns_per_op=...}, one op being one {@code Thread.yield()}.
 */
public final class VirtualGoschedPing {
    private VirtualGoschedPing() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = SideBySide.intArg(args, "-n", 1_000_000);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        ThreadFactory vt = SideBySide.virtualThreadsOrSkip("gosched");
        if (vt == null) {
            return;
        }
        String parallelism = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (!"1".equals(parallelism)) {
            System.out.println("# warning: run with -Djdk.virtualThreadScheduler.parallelism=1 (one carrier)");
        }
        long total = SideBySide.onVirtualThread(vt, () -> SideBySide.timedRounds(rounds, () -> round(vt, n),
                (r, ns) -> SideBySide.round("gosched", r, ns, 2L * n, "yield")));
        SideBySide.result("gosched", "vthreads", total, 2L * rounds * n, "parallelism=" + parallelism);
    }

    static long round(ThreadFactory vt, int n) {
        AtomicInteger remaining = new AtomicInteger(2);
        Thread waiter = Thread.currentThread();
        Runnable body = () -> {
            for (int i = 0; i < n; i++) {
                Thread.yield();
            }
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(waiter);
            }
        };
        long start = System.nanoTime();
        vt.newThread(body).start();
        vt.newThread(body).start();
        while (remaining.get() != 0) {
            LockSupport.park();
        }
        return System.nanoTime() - start;
    }
}
