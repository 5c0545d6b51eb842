package io.gpm4j;

import static io.gpm4j.TestSupport.withProcs;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.sync.WaitGroup;
import io.gpm4j.time.Time;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Sysmon's time slice (Go: preemptone after forcePreemptNS, 10 ms) applies to a goroutine
 * whatever it is doing on its P, its own code or the runtime's on its behalf.
 */
class PreemptionTest {

    /**
     * On one P, main spawns goroutines in a loop for 300 ms: nearly all of that time is inside
     * {@code Go.go}, where the M holds its P for the runtime ({@code HandOff.acquireP}). A ticker
     * asleep for 1 ms at a time must still run every few tens of ms during the loop: main is
     * asked to yield at the end of its 10 ms slice. (Sysmon used to ask only when it caught the M
     * in the goroutine's own code: the ticker then waited 35 to 82 ms at a time within 100 ms of
     * such a loop, and 76 to 274 ms within 300 ms, in five runs; 17 to 28 ms since, in eight,
     * run alone. The bound leaves room for a GC pause or a busy machine in a full test run, where
     * one run out of four went past 60 ms.)
     */
    @Test
    void aGoroutineSpawningInALoopIsPreempted() throws Exception {
        AtomicInteger ticksDuringLoop = new AtomicInteger();
        AtomicLong loopStart = new AtomicLong();
        AtomicLong longestGap = new AtomicLong();
        AtomicLong lastTick = new AtomicLong();
        int[] spawned = new int[1];
        withProcs(1, () -> Go.run(() -> {
            AtomicBoolean looping = new AtomicBoolean(true);
            WaitGroup tickerDone = new WaitGroup();
            tickerDone.add(1);
            Go.go(() -> {
                while (looping.get()) {
                    Time.sleep(Duration.ofMillis(1));
                    long now = System.nanoTime();
                    if (looping.get()) {
                        ticksDuringLoop.incrementAndGet();
                        waited(loopStart, lastTick, longestGap, now);
                        lastTick.set(now);
                    }
                }
                tickerDone.done();
            });
            Time.sleep(Duration.ofMillis(5)); // the ticker is asleep in its first tick now
            Runnable nothing = () -> { };
            loopStart.set(System.nanoTime());
            long end = loopStart.get() + 300_000_000L;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 64; i++) {
                    Go.go(nothing);
                }
                spawned[0] += 64;
            }
            waited(loopStart, lastTick, longestGap, System.nanoTime()); // since the last tick
            looping.set(false);
            tickerDone.await();
        }));
        long gapMs = longestGap.get() / 1_000_000;
        assertTrue(ticksDuringLoop.get() > 0 && gapMs < 100, "the ticker ran " + ticksDuringLoop.get()
                + " times while main spawned " + spawned[0] + " goroutines for 300 ms on one P, the longest"
                + " wait " + gapMs + " ms (a 10 ms slice, sysmon's look, the backlog's run and a loaded machine allow 100)");
    }

    /** Records the wait that ends at {@code now}: since the loop began or the last tick, the later. */
    private static void waited(AtomicLong loopStart, AtomicLong lastTick, AtomicLong longest, long now) {
        long from = loopStart.get();
        if (from != 0) {
            longest.accumulateAndGet(now - Math.max(from, lastTick.get()), Math::max);
        }
    }
}
