package io.gpm4j.runtime;

/**
 * A thread's CPU time, for sysmon to tell a thread blocked in native code (its clock stands
 * still) from one that computes. Through {@code java.lang.management}, loaded only when sysmon
 * first needs it; on a Java runtime without that module, or where thread CPU time is not
 * supported, every reading is -1 and sysmon falls back to the preemption deadline.
 */
final class ThreadCpuClock {
    private final java.lang.management.ThreadMXBean bean;

    private ThreadCpuClock(java.lang.management.ThreadMXBean bean) {
        this.bean = bean;
    }

    static ThreadCpuClock make() {
        try {
            java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
            if (b.isThreadCpuTimeSupported()) {
                if (!b.isThreadCpuTimeEnabled()) {
                    b.setThreadCpuTimeEnabled(true);
                }
                return new ThreadCpuClock(b);
            }
        } catch (Throwable e) { // LinkageError without java.management, SecurityException, ...
            // no clock: readings are -1
        }
        return new ThreadCpuClock(null);
    }

    /** The CPU time of {@code t} in nanoseconds, or -1 when unknown. */
    long nanos(Thread t) {
        if (bean == null) {
            return -1;
        }
        try {
            return bean.getThreadCpuTime(t.getId());
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
