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
        StringBuffer midway = new StringBuffer();
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
            // for the failure message: which scheduler threads run midway, and where
            Thread sampler = new Thread(() -> sampleRunnable(mx, goRunThread, midway), "sampler");
            sampler.start();
            Time.sleep(Duration.ofMillis(300));
            Map<Long, Long> after = schedulerThreadsCpu(mx, goRunThread);
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                cpuNanos[0] += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            threads[0] = after.size();
        });
        Thread.interrupted(); // a goroutine may have run on this (the Go.run) thread: Go.run gives its flag back
        // a spinning wait takes a core for the whole 300 ms; waiting ones take next to nothing
        assertTrue(cpuNanos[0] < 100_000_000L, "the scheduler's " + threads[0] + " threads used "
                + cpuNanos[0] / 1_000_000 + " ms of CPU while the runtime idled for 300 ms; found running midway:\n" + midway);
        assertTrue(threads[0] > 0, "no scheduler thread measured");
    }

    /**
     * {@code Time.sleep} on a plain thread whose flag is set: it sleeps its whole time without
     * spinning (it never returns early), and the flag is still set afterwards.
     */
    @Test
    void aPlainThreadSleepsThroughItsInterruptAndKeepsIt() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Thread.currentThread().interrupt();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Time.sleep(Duration.ofMillis(200));
        long elapsed = System.nanoTime() - t0;
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        boolean stillInterrupted = Thread.interrupted(); // and cleared for the next test
        assertTrue(elapsed >= 200_000_000L, "slept " + elapsed / 1_000_000 + " ms of 200");
        assertTrue(cpu < 100_000_000L, "used " + cpu / 1_000_000 + " ms of CPU sleeping 200 ms");
        assertTrue(stillInterrupted, "the interrupt was lost");
    }

    /** Twenty samples, 150 ms into the idle stretch, of the scheduler threads found RUNNABLE, with their top frames. */
    private static void sampleRunnable(ThreadMXBean mx, Thread goRunThread, StringBuffer out) {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            return;
        }
        for (int sample = 0; sample < 20; sample++) {
            for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds(), 6)) {
                if (info != null && isScheduler(info, goRunThread) && info.getThreadState() == Thread.State.RUNNABLE) {
                    out.append(info.getThreadName());
                    for (StackTraceElement frame : info.getStackTrace()) {
                        out.append(' ').append(frame.getMethodName()).append(':').append(frame.getLineNumber());
                    }
                    out.append('\n');
                }
            }
        }
    }

    private static boolean isScheduler(ThreadInfo info, Thread goRunThread) {
        return info.getThreadName().matches("gpm4j-m\\d+") || info.getThreadId() == goRunThread.getId();
    }

    /** CPU time so far of each carrier thread and of the Go.run thread, by thread id. */
    private static Map<Long, Long> schedulerThreadsCpu(ThreadMXBean mx, Thread goRunThread) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && isScheduler(info, goRunThread)) {
                long t = mx.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }
}
