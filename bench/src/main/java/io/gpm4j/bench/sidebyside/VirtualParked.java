package io.gpm4j.bench.sidebyside;

import java.util.Locale;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Heap per parked virtual thread: the JDK side of {@link ChanParked} and
 * {@code bench/go/parked/main.go}. In a driver virtual thread of a fresh process: heap in use
 * after {@code System.gc()}, then {@code -n} virtual threads (default 1,000,000) that each count
 * themselves started and park in {@code take()} on their own {@link SynchronousQueue}
 * ({@code -shared 0}, made beforehand) or on one shared one ({@code -shared 1}); once all have
 * counted themselves the driver sleeps {@code -settle} ms (default 500), measures again and
 * divides the difference by {@code n} (a parked virtual thread's stack is a heap object, so the
 * heap figure holds it all). Then it {@code put}s one value per thread and joins them all.
 * Prints {@code RESULT parked-own|parked-shared vthreads bytes_per_g=...}.
 */
public final class VirtualParked {
    private VirtualParked() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = SideBySide.intArg(args, "-n", 1_000_000);
        boolean shared = SideBySide.intArg(args, "-shared", 0) != 0;
        int settleMs = SideBySide.intArg(args, "-settle", 500);
        String bench = shared ? "parked-shared" : "parked-own";
        ThreadFactory vt = SideBySide.virtualThreadsOrSkip(bench);
        if (vt == null) {
            return;
        }
        long[] result = SideBySide.onVirtualThread(vt, () -> {
            @SuppressWarnings("unchecked")
            SynchronousQueue<Object>[] queues = new SynchronousQueue[shared ? 1 : n];
            for (int i = 0; i < queues.length; i++) {
                queues[i] = new SynchronousQueue<>();
            }
            Thread[] threads = new Thread[n]; // allocated before the first measurement, filled after it
            AtomicInteger started = new AtomicInteger();
            AtomicInteger woken = new AtomicInteger();
            Object token = new Object();
            long before = SideBySide.usedHeapAfterGc();
            for (int i = 0; i < n; i++) {
                SynchronousQueue<Object> q = queues[shared ? 0 : i];
                threads[i] = vt.newThread(() -> {
                    started.incrementAndGet();
                    try {
                        if (q.take() == token) {
                            woken.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                threads[i].start();
            }
            while (started.get() < n) {
                Thread.sleep(10);
            }
            Thread.sleep(settleMs);
            long after = SideBySide.usedHeapAfterGc();
            System.out.printf(Locale.ROOT, "# before %d B, after %d B%n", before, after);
            for (int i = 0; i < n; i++) {
                queues[shared ? 0 : i].put(token);
            }
            for (Thread t : threads) {
                t.join();
            }
            if (woken.get() != n) {
                throw new AssertionError(bench + ": " + woken.get() + " of " + n + " threads woke");
            }
            return new long[] {before, after};
        });
        SideBySide.resultLine(bench, "vthreads", String.format(Locale.ROOT,
                "bytes_per_g=%.1f heap_before=%d heap_after=%d n=%d parallelism=%s",
                (double) (result[1] - result[0]) / n, result[0], result[1], n, SideBySide.parallelism()));
    }
}
