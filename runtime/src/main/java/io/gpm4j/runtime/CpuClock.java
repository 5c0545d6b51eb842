package io.gpm4j.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time a thread has used (the JVM's per-thread CPU clock, exact to the nanosecond on
 * Linux), for sysmon's deaf rule; -1 where the JVM has no such clock, the application turned it
 * off ({@code ThreadMXBean.setThreadCpuTimeEnabled}: a setting of the host's, left alone), or the
 * management module is missing. Loaded at the first preemption request that lasts, on sysmon's
 * thread.
 */
final class CpuClock {
    private static final ThreadMXBean MX;

    static {
        ThreadMXBean mx = null;
        try {
            mx = ManagementFactory.getThreadMXBean();
            if (!mx.isThreadCpuTimeSupported() || !mx.isThreadCpuTimeEnabled()) {
                mx = null;
            }
        } catch (RuntimeException | LinkageError e) {
            mx = null;
        }
        MX = mx;
    }

    private CpuClock() {
    }

    /** Nanoseconds of CPU {@code thread} has used, or -1. */
    @SuppressWarnings("deprecation") // Thread.getId: the runtime targets 17
    static long of(Thread thread) {
        return MX == null ? -1 : MX.getThreadCpuTime(thread.getId());
    }
}
