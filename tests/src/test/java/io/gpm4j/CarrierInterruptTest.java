package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.sync.WaitGroup;
import io.gpm4j.time.Time;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A carrier whose interrupt flag a goroutine left set (the everyday
 * {@code catch (InterruptedException e) { Thread.currentThread().interrupt(); }}: a goroutine's
 * current thread is its carrier) must still wait when it has nothing to do. {@code LockSupport.park}
 * returns at once while the flag is set, so each of the scheduler's waits used to spin: a core at
 * 100 % for as long as the runtime idled.
 */
class CarrierInterruptTest {

    @Test
    void carriersLeftInterruptedStillWaitWithoutSpinning() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Thread goRunThread = Thread.currentThread();
        long[] cpuNanos = new long[1];
        int[] threads = new int[1];
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            int n = 8;
            wg.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    Thread.currentThread().interrupt(); // as a catch block re-asserting an interrupt does
                    Go.gosched(); // on to another goroutine, or to the scheduler, with the flag set
                    wg.done();
                });
            }
            wg.await();
            // main sleeps on a timer: one M waits for it (the poller's timed wait), the others idle
            Map<Long, Long> before = schedulerThreadsCpu(mx, goRunThread);
            Time.sleep(Duration.ofMillis(300));
            Map<Long, Long> after = schedulerThreadsCpu(mx, goRunThread);
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                cpuNanos[0] += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            threads[0] = after.size();
        });
        // a spinning wait takes a core for the whole 300 ms; waiting ones take next to nothing
        assertTrue(cpuNanos[0] < 100_000_000L, "the scheduler's " + threads[0] + " threads used "
                + cpuNanos[0] / 1_000_000 + " ms of CPU while the runtime idled for 300 ms");
        assertTrue(threads[0] > 0, "no scheduler thread measured");
    }

    /** CPU time so far of each carrier thread and of the Go.run thread, by thread id. */
    private static Map<Long, Long> schedulerThreadsCpu(ThreadMXBean mx, Thread goRunThread) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && (info.getThreadName().matches("gpm4j-m\\d+") || info.getThreadId() == goRunThread.getId())) {
                long t = mx.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }
}
