package io.gpm4j.scheduler;

import static io.gpm4j.scheduler.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.runtime.SchedProbe;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An idle runtime uses no CPU: spinning Ms give up and park. */
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
        awaitTrue("all Ms idle", 5, () -> SchedProbe.idleMs() == SchedProbe.threads() && SchedProbe.spinningMs() == 0);
        Thread.sleep(300); // let the JIT settle after the burst

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // A spinning M burns the whole window in every window. The process total also counts
        // the JIT and GC threads, which may still be busy after the burst: allow up to three
        // windows for them to settle; the carriers must be idle in every one.
        String report = "";
        for (int window = 0; window < 3; window++) {
            long carriers0 = carrierCpuNanos(threads);
            long process0 = os.getProcessCpuTime();
            Thread.sleep(2_000);
            long carriers = carrierCpuNanos(threads) - carriers0;
            long process = os.getProcessCpuTime() - process0;
            assertTrue(carriers < 20_000_000L, "carriers used " + carriers / 1_000_000 + " ms CPU in 2 s of idleness");
            report += " window " + window + ": process " + process / 1_000_000 + " ms, carriers " + carriers / 1_000_000 + " ms;";
            if (process < 200_000_000L) {
                break;
            }
            if (window == 2) {
                throw new AssertionError("the process kept using CPU while idle:" + report);
            }
        }
        assertEquals(SchedProbe.idleMs(), SchedProbe.threads(), "still all idle");
    }

    /** CPU time of the carrier threads alive now (a carrier never exits). */
    private static long carrierCpuNanos(ThreadMXBean threads) {
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().matches("gpm4j-m\\d+")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    sum += t;
                }
            }
        }
        return sum;
    }
}
