package io.gpm4j.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The CPU time a thread has used (the JVM's per-thread CPU clock, exact to the nanosecond on
 * Linux), for sysmon's deaf rule; -1 where the JVM has no such clock, the application turned it
 * off ({@code ThreadMXBean.setThreadCpuTimeEnabled}: a setting of the host's, left alone), or the
 * management module is missing, and -1 until the clock is loaded: the first call starts loading
 * it on a thread of its own ({@code java.lang.management}'s first use loads dozens of classes,
 * which sysmon must not wait for), so that a program that never overruns a time slice never
 * loads it.
 */
final class CpuClock {
    private static volatile ThreadMXBean mx;
    private static final AtomicBoolean LOADING = new AtomicBoolean();

    private CpuClock() {
    }

    /** Nanoseconds of CPU {@code thread} has used, or -1. */
    @SuppressWarnings("deprecation") // Thread.getId: the runtime targets 17
    static long of(Thread thread) {
        ThreadMXBean clock = mx;
        if (clock == null) {
            if (!LOADING.get() && LOADING.compareAndSet(false, true)) {
                RuntimeThreads.daemon(CpuClock::load, "gpm4j-cpuclock").start();
            }
            return -1;
        }
        return clock.getThreadCpuTime(thread.getId());
    }

    /** Loads the JVM's thread CPU clock, or leaves {@link #mx} null for good. */
    private static void load() {
        try {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            if (bean.isThreadCpuTimeSupported() && bean.isThreadCpuTimeEnabled()) {
                mx = bean;
            }
        } catch (RuntimeException | LinkageError e) {
            // no management module: the deaf rule keeps to the wall clock
        }
    }
}
