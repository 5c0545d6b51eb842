package io.gpm4j.bench.sidebyside;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Heap per parked goroutine, under the agent: the gpm4j side of {@code bench/go/parked/main.go}.
 * In the main goroutine of a fresh process (no warm-up: a first round is what is measured, as a
 * free list filled by an earlier round would hide part of the cost): heap in use after
 * {@code System.gc()}, then {@code -n} goroutines (default 1,000,000) that each count themselves
 * started and park in {@code recv} on their own unbuffered channel ({@code -shared 0}, the
 * default; the channels are made beforehand, so they are in the "before" figure) or on one shared
 * channel ({@code -shared 1}); once all have counted themselves the main goroutine yields for
 * {@code -settle} ms (default 500) so that the last ones are parked, measures again and divides
 * the difference by {@code n}. Then it closes the channel(s) and waits until every goroutine has
 * received the close and finished, checking the count. Prints
 * {@code RESULT parked-own|parked-shared gpm4j bytes_per_g=...}.
 */
public final class ChanParked {
    private ChanParked() {
    }

    public static void main(String[] args) {
        int n = SideBySide.intArg(args, "-n", 1_000_000);
        boolean shared = SideBySide.intArg(args, "-shared", 0) != 0;
        int settleMs = SideBySide.intArg(args, "-settle", 500);
        String bench = shared ? "parked-shared" : "parked-own";
        long[] result = new long[2];
        Go.run(() -> {
            @SuppressWarnings("unchecked")
            Chan<Object>[] chans = new Chan[shared ? 1 : n];
            for (int i = 0; i < chans.length; i++) {
                chans[i] = Chan.make();
            }
            AtomicInteger started = new AtomicInteger();
            Spawn.Countdown done = new Spawn.Countdown(n);
            AtomicInteger woken = new AtomicInteger();
            long before = SideBySide.usedHeapAfterGc();
            for (int i = 0; i < n; i++) {
                Chan<Object> c = chans[shared ? 0 : i];
                Go.go(() -> {
                    started.incrementAndGet();
                    if (!c.recvOk().ok()) {
                        woken.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            while (started.get() < n) {
                Go.gosched();
            }
            long settle = System.nanoTime() + settleMs * 1_000_000L;
            while (System.nanoTime() < settle) {
                Go.gosched();
            }
            long after = SideBySide.usedHeapAfterGc();
            result[0] = before;
            result[1] = after;
            int live = Go.numGoroutine();
            System.out.printf(Locale.ROOT, "# before %d B, after %d B, numGoroutine %d%n", before, after, live);
            for (Chan<Object> c : chans) {
                c.close();
            }
            done.await();
            if (woken.get() != n) {
                throw new AssertionError(bench + ": " + woken.get() + " of " + n + " goroutines woke by the close");
            }
        });
        SideBySide.resultLine(bench, "gpm4j", String.format(Locale.ROOT,
                "bytes_per_g=%.1f heap_before=%d heap_after=%d n=%d gomaxprocs=%d",
                (double) (result[1] - result[0]) / n, result[0], result[1], n, Go.gomaxprocs()));
    }
}
