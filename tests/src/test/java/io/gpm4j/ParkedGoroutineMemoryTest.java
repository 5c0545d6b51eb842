package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.sync.WaitGroup;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/**
 * A regression check, independent of timing, for the README's 197 B per parked goroutine
 * (bench/RESULTS.md's parked rows measure it with a million goroutines in a fresh process): the
 * heap retained, after a full GC, by 200,000 goroutines parked on one shared channel, per
 * goroutine, stays under 240 B (about 190 B here: this goroutine's closure is smaller). A
 * regression that adds an object or a larger frame store to every parked goroutine crosses it;
 * noise from the rest of the JVM (a few MB at most) does not (it is 10 MB of slack here).
 */
class ParkedGoroutineMemoryTest {
    private static final int N = 200_000;
    private static final long BOUND = 240;

    @Test
    void aParkedGoroutineRetainsLessThan240Bytes() throws Exception {
        Chan<Integer> release = Chan.make();
        WaitGroup started = new WaitGroup();
        WaitGroup ended = new WaitGroup();
        long before = usedAfterGc();
        started.add(N);
        ended.add(N);
        for (int i = 0; i < N; i++) {
            Go.go(() -> {
                started.done();
                release.recv();
                ended.done();
            });
        }
        started.await();
        // every goroutine is parked (or about to park) in recv; wait until none is left runnable
        long deadline = System.nanoTime() + 60_000_000_000L;
        int parked;
        while ((parked = count(Go.stack(true), "[chan receive]:")) < N) {
            assertTrue(System.nanoTime() < deadline, "only " + parked + " of " + N + " parked after 60 s");
            Thread.sleep(200);
        }
        long after = usedAfterGc();
        long perG = (after - before) / N;
        try {
            assertTrue(perG < BOUND, "retained per parked goroutine: " + perG + " B (before " + before + ", after " + after + ")");
            assertTrue(perG > 0, "the goroutines retained something: " + perG);
        } finally {
            release.close();
            ended.await();
        }
        assertEquals(0, release.len());
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // a few rounds: finalization and reference processing settle
            System.gc();
            Thread.sleep(20);
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
