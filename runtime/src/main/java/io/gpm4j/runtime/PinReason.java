package io.gpm4j.runtime;

/**
 * Why a suspension could not unwind the frames between the suspension point and the
 * continuation's entry. The continuation is then <em>pinned</em>: it stays on its thread.
 *
 * <p>Go has no such notion (every Go frame can be moved); the JDK's virtual threads do
 * ({@code jdk.VirtualThreadPinned}), and the reasons here follow theirs.
 */
public enum PinReason {
    /** A frame holds a monitor: a {@code synchronized} block or method. */
    MONITOR("holds a monitor (synchronized)"),
    /** A JDK frame (say {@code ArrayList.forEach}) lies between a lambda and the entry. */
    JDK_FRAME("is a JDK frame, which is never rewritten"),
    /** A constructor cannot be re-entered: the object would be half built. */
    CONSTRUCTOR("is a constructor"),
    /** A static initialiser runs under the class-initialisation lock. */
    CLASS_INITIALIZER("is a static initializer"),
    /** A reflective or method-handle call lies on the path. */
    REFLECTION("is a reflective call"),
    /** A class the agent could not rewrite, or was told to leave alone. */
    UNINSTRUMENTED("was not rewritten by the agent (excluded, not known to suspend, or the rewrite failed)"),
    /**
     * A rewritten frame made a call that the agent did not judge suspendable when it rewrote the
     * frame: typically a virtual call whose overriding method, loaded later, suspends.
     */
    NOT_SUSPENDABLE_CALL("made a call the agent did not know could suspend (an override loaded later?)"),
    /**
     * The goroutine holds a {@code java.util.concurrent} lock (say a {@code ReentrantLock}), which
     * its carrier thread owns; found only with {@code -Dgpm4j.checklocks=true}.
     */
    LOCK("holds a java.util.concurrent lock, which its carrier thread owns (use io.gpm4j.sync.Mutex)"),
    /** The suspension was asked for outside any rewritten frame. */
    UNKNOWN("cannot be resumed");

    private final String description;

    PinReason(String description) {
        this.description = description;
    }

    /** Completes the sentence "the frame ...". */
    public String description() {
        return description;
    }
}
