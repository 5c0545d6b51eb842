package io.gpm4j.bench.sidebyside;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Spawn-and-finish of {@code -n} virtual threads (default 1,000,000) per round: the JDK side of
 * {@link Spawn} and {@code bench/go/spawn/main.go}. JDK 21+ (on older JDKs it prints a
 * {@code skipped} RESULT line); no agent needed. The rounds run in a virtual thread (as Go's and
 * gpm4j's run in the main goroutine), which starts them all with
 * {@code Thread.ofVirtual().factory().newThread(r).start()}; each decrements a counter and the
 * last one unparks the driver. Default scheduler (parallelism = CPU count). One warm-up round,
 * then {@code -rounds} (default 5) timed ones; prints {@code RESULT spawn vthreads ns_per_op=...}.
 */
public final class VirtualSpawn {
    private VirtualSpawn() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = SideBySide.intArg(args, "-n", 1_000_000);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        ThreadFactory vt = SideBySide.virtualThreadsOrSkip("spawn");
        if (vt == null) {
            return;
        }
        long total = SideBySide.onVirtualThread(vt, () -> SideBySide.timedRounds(rounds, () -> round(vt, n),
                (r, ns) -> SideBySide.round("spawn", r, ns, n, "thread")));
        SideBySide.result("spawn", "vthreads", total, (long) rounds * n, "parallelism=" + SideBySide.parallelism());
    }

    static long round(ThreadFactory vt, int n) {
        AtomicInteger remaining = new AtomicInteger(n);
        Thread waiter = Thread.currentThread();
        Runnable body = () -> {
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(waiter); // a permit: no wake-up is lost if the driver is not parked yet
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            vt.newThread(body).start();
        }
        while (remaining.get() != 0) {
            LockSupport.park();
        }
        return System.nanoTime() - start;
    }
}
