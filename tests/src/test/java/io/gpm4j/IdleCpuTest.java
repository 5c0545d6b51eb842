package io.gpm4j;

import static io.gpm4j.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.runtime.CountersFile;
import io.gpm4j.runtime.SchedProbe;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An idle runtime uses no CPU: spinning Ms give up and park, and stay parked; the live counters'
 * publisher does not wake it.
 */
class IdleCpuTest {
    @Test
    void afterABurstOfWorkTheIdleRuntimeBurnsNoCpu() throws Exception {
        int n = 20_000;
        AtomicInteger done = new AtomicInteger();
        GLatch latch = new GLatch(n);
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    for (int k = 0; k < 3; k++) {
                        Go.gosched();
                    }
                    done.incrementAndGet();
                    latch.countDown();
                });
            }
            latch.await("semacquire");
        });
        assertEquals(n, done.get());
        // every M parks, none spins
        awaitTrue("all Ms idle", 30, () -> SchedProbe.idleMs() == SchedProbe.threads() && SchedProbe.spinningMs() == 0);
        // the live counters' publisher (sysmon) said so once, and then sleeps with the rest
        CountersFile counters = CountersFile.open(CountersFile.path(CountersFile.defaultDir(), ProcessHandle.current().pid()));
        // settled as sysmon sees it too: an idle sample whose counts by state were an older
        // walk's (the walk is rationed to 1 % of sysmon's time) is published again, at growing
        // intervals, until a fresh walk is due (a JDK 25 CI run caught one such publication)
        awaitTrue("the counters file shows the idle runtime, settled", 30,
                () -> counters.idle() && settled(counters) && SchedProbe.countersSettled());
        // Then, over a window, the idle runtime does nothing: in every sample each carrier thread
        // is parked in LockSupport (never RUNNABLE: a spinning or polling M would be caught in
        // some of 200 samples), the scheduler's counters do not move, and sysmon publishes
        // nothing. States and counters, not CPU budgets: the same on a loaded machine as on a
        // quiet one. A window in which a timer an earlier test class left was due is repeated
        // (IdleWindows).
        IdleWindows.assertIdle(() -> {
            long heartbeat0 = counters.heartbeatMillis();
            String busy = idleWindow();
            if (busy == null && counters.heartbeatMillis() != heartbeat0) {
                busy = "the counters were published while idle";
            }
            return busy;
        });
        assertTrue(counters.idle());
    }

    /**
     * One window of 200 samples, 5 ms apart, in which every carrier must be parked and no M
     * busy, and over which no goroutine starts or ends (steals and new Ms: {@link IdleWindows}).
     * Returns the first thing that was not so, or null.
     */
    private static String idleWindow() throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int goroutines0 = Go.numGoroutine();
        Set<String> seen = new TreeSet<>();
        for (int sample = 0; sample < 200; sample++) {
            for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds(), 8)) {
                if (info == null || !info.getThreadName().matches("gpm4j-m\\d+")) {
                    continue;
                }
                seen.add(info.getThreadName());
                if (!parkedInLockSupport(info)) {
                    return "an idle carrier is not parked (sample " + sample + "):\n" + info;
                }
            }
            if (SchedProbe.spinningMs() != 0) {
                return "a spinning M in sample " + sample;
            }
            if (SchedProbe.idleMs() != SchedProbe.threads()) {
                return "a busy M in sample " + sample;
            }
            Thread.sleep(5);
        }
        assertFalse(seen.isEmpty(), "the burst started carrier threads");
        return Go.numGoroutine() != goroutines0 ? "a goroutine came or went while idle" : null;
    }

    /**
     * Whether the counters show nothing on its way without a P (no goroutine running, runnable or
     * pinned, no M spinning or in hand-off): then sysmon sleeps until work comes, publishing nothing.
     */
    private static boolean settled(CountersFile counters) {
        long[] unsettled = {0};
        counters.forEach((type, key, label, value) -> {
            if (label.equals("goroutines running") || label.equals("goroutines runnable") || label.equals("goroutines pinned")
                    || label.equals("Ms spinning") || label.equals("Ms in hand-off")) {
                unsettled[0] += value;
            }
        });
        return unsettled[0] == 0;
    }

    /** WAITING or TIMED_WAITING, with LockSupport.park/parkNanos (through Unsafe.park) on top. Also IdleCpuWithConnectionsTest's. */
    static boolean parkedInLockSupport(ThreadInfo info) {
        Thread.State state = info.getThreadState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return false;
        }
        StackTraceElement[] stack = info.getStackTrace();
        for (int i = 0; i < Math.min(3, stack.length); i++) {
            if (stack[i].getClassName().equals("java.util.concurrent.locks.LockSupport")
                    && stack[i].getMethodName().startsWith("park")) {
                return true;
            }
        }
        return false;
    }
}
