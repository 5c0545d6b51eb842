package io.gpm4j.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Goroutine dumps in Go's format: for each goroutine {@code goroutine N [status]:} and then its
 * frames, one per line, as {@code class.method(File.java:line)}. A parked goroutine's frames are
 * read from its continuation's frame store through the call-site table
 * ({@link CallSites#savedFrames}), without running it; a pinned one's, and one in a system call
 * (its P handed off), from the thread it blocks; the caller's own from its thread's stack.
 *
 * <p>Go: runtime.Stack, goroutineheader and traceback (runtime/traceback.go).
 */
final class StackDump {
    private StackDump() {
    }

    /** The dump of {@code goroutines} (by goroutine id), {@code self} being the caller's, if any. */
    static String of(List<G> goroutines, G self) {
        List<G> sorted = new ArrayList<>(goroutines);
        sorted.sort(Comparator.comparingLong(g -> g.goid));
        StringBuilder b = new StringBuilder();
        for (G g : sorted) {
            if (b.length() > 0) {
                b.append('\n');
            }
            append(b, g, g == self);
        }
        return b.toString();
    }

    static void append(StringBuilder b, G g, boolean self) {
        b.append("goroutine ").append(g.goid).append(" [").append(self ? "running" : g.dumpStatus()).append("]:\n");
        if (self) {
            frames(b, ownFrames());
            return;
        }
        Thread pinned = g.pinnedThread;
        if (pinned != null) {
            frames(b, belowEntry(pinned.getStackTrace()));
            return;
        }
        M m = g.m;
        if (m != null && g.inSyscall()) {
            // blocked in the JDK with its P handed off: its frames are live on its carrier's stack
            // (read racily: if it has just come back to the scheduler, the frames are its g0's)
            frames(b, belowEntry(m.thread.getStackTrace()));
            return;
        }
        int status = g.status();
        if (status == G.RUNNING) {
            b.append("\tgoroutine running on other thread; stack unavailable\n");
            return;
        }
        if (status == G.WAITING || status == G.RUNNABLE) {
            frames(b, CallSites.savedFrames(g.continuation));
        }
    }

    private static void frames(StringBuilder b, StackTraceElement[] frames) {
        for (StackTraceElement f : frames) {
            b.append(f.getClassName()).append('.').append(f.getMethodName()).append('(')
                    .append(f.getFileName() == null ? "Unknown Source" : f.getFileName());
            if (f.getLineNumber() >= 0) {
                b.append(':').append(f.getLineNumber());
            }
            b.append(")\n");
        }
    }

    /** The calling goroutine's frames: above the dump machinery, below its continuation's entry. */
    private static StackTraceElement[] ownFrames() {
        StackTraceElement[] all = belowEntry(Thread.currentThread().getStackTrace());
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            String c = all[i].getClassName();
            if (c.equals("java.lang.Thread") || c.equals(StackDump.class.getName())
                    || c.equals(Goroutines.class.getName()) || c.equals("io.gpm4j.Go")) {
                start = i + 1;
            }
        }
        return java.util.Arrays.copyOfRange(all, start, all.length);
    }

    /** The frames above the innermost {@code Continuation.run} (the goroutine's own). */
    private static StackTraceElement[] belowEntry(StackTraceElement[] trace) {
        for (int i = 0; i < trace.length; i++) {
            if (trace[i].getClassName().equals(Continuation.class.getName()) && trace[i].getMethodName().equals(RuntimeNames.CONTINUATION_RUN)) {
                return java.util.Arrays.copyOf(trace, i);
            }
        }
        return trace;
    }
}
