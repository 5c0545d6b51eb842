package io.gpm4j.runtime;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * What holds a carrier's identity: a {@code java.util.concurrent} lock (any
 * {@code AbstractOwnableSynchronizer}: {@code ReentrantLock}, a {@code ReentrantReadWriteLock}'s
 * write lock) is owned by the carrier thread, not by the goroutine that took it. A goroutine that
 * parks (or yields) holding one leaves it owned by the carrier: the next goroutine on that carrier
 * takes it again as a re-entry, so both are inside at once, and the holder, resumed on another
 * carrier, gets an {@code IllegalMonitorStateException} from {@code unlock}. Monitors
 * ({@code synchronized}) never get that far: a frame holding one pins ({@link PinReason#MONITOR}).
 *
 * <p>Which such locks a thread holds can only be learnt from the JVM by a walk of the heap
 * ({@code ThreadMXBean.getThreadInfo(ids, false, true)}: milliseconds, at a safepoint), far too
 * slow for every park, and even for the strict mode the test suites run in. So the check is a
 * debugging aid of its own: with {@code -Dgpm4j.checklocks=true} every suspension of a goroutine
 * asks; a lock held now that the thread did not hold when it became an M was taken by the
 * goroutine, which is then pinned ({@link PinReason#LOCK}: it blocks its carrier, the owner of
 * the lock, until it is readied, as a monitor's holder does) and a warning naming the lock and the
 * goroutine's stack is printed. The fix in user code is {@code io.gpm4j.sync.Mutex}, which
 * belongs to no thread.
 *
 * <p>Go: none (a Go mutex belongs to no goroutine or thread).
 */
final class CarrierLocks {
    /** The system property that turns the check on. */
    static final String PROPERTY = "gpm4j.checklocks";
    /** Whether every suspension of a goroutine checks its carrier's locks. Read once. */
    static final boolean CHECK = Boolean.getBoolean(PROPERTY);

    private CarrierLocks() {
    }

    /**
     * The {@code java.util.concurrent} locks the calling thread holds, as {@code class@hash}; empty
     * unless {@link #CHECK} (the walk is then never made).
     */
    static Set<String> held() {
        if (!CHECK) {
            return Set.of();
        }
        ThreadInfo[] info = ManagementFactory.getThreadMXBean()
                .getThreadInfo(new long[] {Thread.currentThread().getId()}, false, true);
        if (info.length == 0 || info[0] == null || info[0].getLockedSynchronizers().length == 0) {
            return Set.of();
        }
        Set<String> held = new HashSet<>();
        for (LockInfo l : info[0].getLockedSynchronizers()) {
            held.add(l.toString());
        }
        return Collections.unmodifiableSet(held);
    }

    /**
     * Called by a goroutine's {@code Continuation.suspend} (on its thread, {@link #CHECK} on): a
     * lock the carrier holds now and did not hold when it became {@code m}, or null. Such a lock
     * was taken by the running goroutine; it must not unmount.
     */
    static String takenByGoroutine(M m) {
        Set<String> now = held();
        if (now.isEmpty()) {
            return null;
        }
        Set<String> before = m == null ? Set.of() : m.locksAtStart;
        for (String l : now) {
            if (!before.contains(l)) {
                return l;
            }
        }
        return null;
    }

    /** The warning for goroutine {@code g} pinned because it suspends holding {@code lock}. */
    static void warn(G g, String lock) {
        StringBuilder b = new StringBuilder("gpm4j: warning: goroutine ").append(g.goid)
                .append(" suspends holding ").append(lock)
                .append(", a java.util.concurrent lock its carrier thread owns; it stays on that carrier (pinned) ")
                .append("until it resumes. Use io.gpm4j.sync.Mutex, which no thread owns.\n");
        boolean inside = false;
        for (StackTraceElement f : Thread.currentThread().getStackTrace()) {
            if (f.getClassName().equals(Continuation.class.getName())) {
                if (f.getMethodName().equals(RuntimeNames.CONTINUATION_RUN)) {
                    break;
                }
                inside = true;
                continue;
            }
            if (inside && !f.getClassName().equals(Frames.class.getName())) { // a preemption point's call
                b.append("\tat ").append(f).append('\n');
            }
        }
        System.err.print(b);
        System.err.flush();
    }
}
