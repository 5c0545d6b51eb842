package io.gpm4j.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Goroutine dumps in Go's format: for each goroutine {@code goroutine N [status]:} and then its
 * frames, one per line, as {@code class.method(File.java:line)}. A parked goroutine's frames are
 * read from its continuation's frame store through the call-site table
 * ({@link CallSites#savedFrames}), without running it; a pinned one's from the thread it blocks;
 * a running one's (one in a system call too, its P handed off) from a sample of its carrier's
 * stack; the caller's own from its thread's stack.
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
        Thread pinned = g.pinnedThread();
        if (pinned != null) {
            frames(b, belowEntry(pinned.getStackTrace()));
            return;
        }
        int status = g.status();
        if (status == G.RUNNING) {
            StackTraceElement[] running = runningFrames(g);
            if (running == null) {
                b.append("\tgoroutine running on other thread; stack unavailable\n");
            } else {
                frames(b, running);
            }
            return;
        }
        if (status == G.WAITING || status == G.RUNNABLE) {
            frames(b, CallSites.savedFrames(g));
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

    /**
     * A sample of a goroutine running on another carrier: that thread's stack above its
     * continuation's entry, kept only if the goroutine still runs on the same M afterwards;
     * null when that cannot be told (no M, the carrier was in its scheduler loop, or the goroutine
     * moved). Go stops the world for runtime.Stack(all); gpm4j does not, so this is a best
     * effort, which an operator looking at a busy program wants more than no frames at all.
     */
    private static StackTraceElement[] runningFrames(G g) {
        M m = g.m;
        if (m == null || m.thread == Thread.currentThread()) {
            return null;
        }
        StackTraceElement[] trace = m.thread.getStackTrace();
        if (g.status() != G.RUNNING || g.m != m) {
            return null;
        }
        if (entry(trace) < 0) {
            return null; // the carrier was in its scheduler loop, between goroutines
        }
        StackTraceElement[] own = belowEntry(trace);
        return own.length == 0 ? null : own;
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

    /**
     * The frames above the innermost {@code Continuation.run} (the goroutine's own), less the
     * JDK's hidden lambda-proxy frames, which a parked goroutine's saved frames never show.
     */
    private static StackTraceElement[] belowEntry(StackTraceElement[] trace) {
        int entry = entry(trace);
        int end = entry < 0 ? trace.length : entry;
        List<StackTraceElement> own = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            if (!trace[i].getClassName().contains("$$Lambda")) {
                own.add(trace[i]);
            }
        }
        return own.toArray(new StackTraceElement[0]);
    }

    /** The index of the innermost {@code Continuation.run} frame, or -1. */
    private static int entry(StackTraceElement[] trace) {
        for (int i = 0; i < trace.length; i++) {
            if (trace[i].getClassName().equals(Continuation.class.getName()) && trace[i].getMethodName().equals(RuntimeNames.CONTINUATION_RUN)) {
                return i;
            }
        }
        return -1;
    }
}
