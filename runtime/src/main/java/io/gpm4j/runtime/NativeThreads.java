package io.gpm4j.runtime;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the operating system says of a thread, for sysmon to tell an M blocked in native code (a
 * socket or file read: {@code RUNNABLE} to the JVM) from one that computes or merely waits for a
 * CPU. On Linux, an M learns its kernel thread id once ({@link #selfTid}, from
 * {@code /proc/thread-self}), and sysmon reads the state letter of {@code /proc/self/task/<tid>/stat}:
 * {@code S} or {@code D} is asleep in the kernel, {@code R} is running or runnable. Elsewhere the
 * id is 0 and the state unknown; sysmon then falls back on the preemption deadline.
 */
final class NativeThreads {
    /** {@link #state}: asleep in the kernel (Linux S or D). */
    static final int ASLEEP = 1;
    /** {@link #state}: on a CPU or waiting for one (Linux R), or anything else but asleep. */
    static final int AWAKE = 0;
    /** {@link #state}: unknown (no id, no /proc, the thread is gone). */
    static final int UNKNOWN = -1;

    private NativeThreads() {
    }

    /** The calling thread's kernel thread id, or 0 when it cannot be known. Any thread. */
    static int selfTid() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "<pid>/task/<tid>"
            return Integer.parseInt(self.getFileName().toString());
        } catch (IOException | RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /**
     * Sets the calling thread's timer slack (Linux: how much later than asked the kernel may end
     * its timed sleeps, to batch wake-ups; 50 µs by default); returns whether it could. Through
     * {@code /proc/<tid>/timerslack_ns}, which a thread's own process may write (Linux 4.6 and
     * later; some kernels want CAP_SYS_NICE for it). Any thread, for itself.
     */
    static boolean setTimerSlack(long nanos) {
        int tid = selfTid();
        if (tid <= 0) {
            return false;
        }
        try (FileOutputStream out = new FileOutputStream("/proc/" + tid + "/timerslack_ns")) {
            out.write(Long.toString(nanos).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The kernel's state of thread {@code tid} of this process: {@link #ASLEEP}, {@link #AWAKE}
     * or {@link #UNKNOWN}. Reads one small file; for sysmon, not for hot paths.
     */
    static int state(int tid, byte[] buffer) {
        if (tid <= 0) {
            return UNKNOWN;
        }
        int n;
        try (FileInputStream in = new FileInputStream("/proc/self/task/" + tid + "/stat")) {
            n = in.read(buffer);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
        // "<tid> (<comm>) <state> ...": the name may hold spaces and parentheses; the last ')' ends it
        for (int i = n - 1; i > 0; i--) {
            if (buffer[i] == ')') {
                if (i + 2 >= n) {
                    return UNKNOWN;
                }
                byte s = buffer[i + 2];
                return s == 'S' || s == 'D' ? ASLEEP : AWAKE;
            }
        }
        return UNKNOWN;
    }
}
