package io.gpm4j;

import static io.gpm4j.TestSupport.withProcs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gpm4j.runtime.SchedProbe;
import io.gpm4j.sync.WaitGroup;
import io.gpm4j.time.Time;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
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

    /**
     * A goroutine woken on a P that was idle starts a new time slice: main, back from a sleep
     * through which the only P idled, computes for 2 ms and is not asked to yield. (It used to
     * inherit the slice that ended when the P went idle, which sysmon found long over: main was
     * preempted at once after every sleep, and each request armed the loops' back-edge points.)
     */
    @Tag(TestSupport.EXACT_SCHEDULE) // chaos mode preempts at random by design
    @Test
    void aGoroutineWokenOnAnIdlePStartsANewSlice() throws Exception {
        long[] preempted = new long[1];
        withProcs(1, () -> Go.run(() -> {
            for (int round = 0; round < 5; round++) {
                compute(2); // sysmon, awake while the P runs, sees this slice
                Time.sleep(Duration.ofMillis(30));
                long before = SchedProbe.preemptions();
                compute(2);
                preempted[0] += SchedProbe.preemptions() - before;
            }
        }));
        assertEquals(0, preempted[0], "main was preempted within 2 ms of waking: " + SchedProbe.describe());
    }

    /** Computes for {@code ms} ms in a rewritten loop, whose back-edge is a preemption point. */
    private static long compute(int ms) {
        long end = System.nanoTime() + ms * 1_000_000L;
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++;
        }
        if (spins == 42) {
            Go.gosched(); // makes the method suspendable, so that the agent rewrites it
        }
        return spins;
    }

    /**
     * A loop that C2 compiled while the back-edge points were disarmed (no test left in its code)
     * still yields at a back-edge when sysmon asks: the request arms the points, the JVM
     * deoptimizes the running loop, and the interpreter's point sees the request, before sysmon
     * would hand the P off instead (once the spinner's thread has run 1 ms since the points were
     * armed: a loaded machine, or the compiler threads recompiling, can keep it from a CPU longer). On one P main, asleep meanwhile, runs
     * again only if the spinner yields or loses its P; the round counts when it yielded and no P
     * was handed off, with an arming between. Up to three rounds: a loaded machine can keep the
     * spinner's carrier from a CPU past that millisecond, and a round where the points were armed
     * without an arming for the spinner says nothing. (Whether C2 had compiled the loop is not seen from
     * here: the warm-up runs it 20,000 times, past C2's thresholds, and waits 200 ms.)
     */
    @Test
    void aLoopCompiledWithItsPointsDisarmedYieldsAtItsBackEdge() throws Exception {
        assumeTrue(SchedProbe.disarmBackEdges(), "the back-edge points stay armed in this JVM (chaos mode)");
        String last = "";
        for (int round = 1; round <= 3; round++) {
            long[] before = new long[3];
            long[] after = new long[3];
            long[] spun = new long[1];
            boolean[] disarmed = new boolean[1];
            withProcs(1, () -> Go.run(() -> {
                AtomicBoolean never = new AtomicBoolean();
                for (int i = 0; i < 20_000; i++) {
                    spun[0] += Spinner.spin(never, 2);
                    if ((i & 255) == 0) {
                        Go.gosched(); // a new slice: sysmon asks no one during the warm-up
                    }
                }
                Time.sleep(Duration.ofMillis(200)); // C2 finishes its compilations
                for (int tries = 0; !disarmed[0] && tries < 20; tries++) {
                    // a new slice: main woken from a sleep inherits its old one (runnext), which
                    // sysmon finds over and asks it to yield at every look, re-arming the points
                    Go.gosched();
                    disarmed[0] = SchedProbe.disarmBackEdges();
                    Time.sleep(Duration.ofMillis(1));
                    disarmed[0] &= SchedProbe.disarmBackEdges();
                }
                AtomicBoolean stop = new AtomicBoolean();
                WaitGroup done = new WaitGroup();
                done.add(1);
                Go.gosched(); // a new slice, which the spinner inherits: no request for main before it runs
                disarmed[0] &= SchedProbe.disarmBackEdges(); // re-armed by a request for main's last slice
                before[0] = SchedProbe.preemptions();
                before[1] = SchedProbe.handOffs();
                before[2] = SchedProbe.backEdgeChanges();
                Go.go(() -> {
                    spun[0] += Spinner.spin(stop, Long.MAX_VALUE);
                    done.done();
                });
                Time.sleep(Duration.ofMillis(30)); // the spinner's slice ends 10 ms in
                after[0] = SchedProbe.preemptions();
                after[1] = SchedProbe.handOffs();
                after[2] = SchedProbe.backEdgeChanges();
                stop.set(true);
                done.await();
            }));
            last = "round " + round + ": " + (disarmed[0] ? "" : "never disarmed, ") + (after[0] - before[0]) + " preemptions, " + (after[1] - before[1])
                    + " hand-offs, " + (after[2] - before[2]) + " arming changes, " + spun[0] + " passes";
            if (!disarmed[0] || after[2] == before[2]) {
                // requests kept coming, or the points were armed again before the spinner started
                // (a request for main between its last disarm and the spinner): this round says nothing
                continue;
            }
            if (after[0] > before[0] && after[1] == before[1]) {
                return; // disarmed at the start, armed for the spinner, and it yielded without losing its P
            }
        }
        throw new AssertionError("the spinner never yielded at its back-edge before losing its P: " + last
                + "\n" + SchedProbe.describe());
    }

    /** A loop in a method the agent rewrites (it can call {@code Go.gosched}): its back-edges are points. */
    static final class Spinner {
        static long spin(AtomicBoolean stop, long rounds) {
            long passes = 0;
            for (long r = 0; r < rounds && !stop.get(); r++) {
                for (int i = 0; i < 1_000; i++) {
                    passes += i ^ r;
                }
            }
            if (passes == 42) {
                Go.gosched();
            }
            return passes;
        }
    }

    /** Records the wait that ends at {@code now}: since the loop began or the last tick, the later. */
    private static void waited(AtomicLong loopStart, AtomicLong lastTick, AtomicLong longest, long now) {
        long from = loopStart.get();
        if (from != 0) {
            longest.accumulateAndGet(now - Math.max(from, lastTick.get()), Math::max);
        }
    }
}
