package io.gpm4j.runtime;

/**
 * A thread that carries continuations. Rewritten frames find the continuation mounted on the
 * current thread through one field read of this class instead of a {@code ThreadLocal} lookup;
 * every M of the scheduler is one of these.
 *
 * <p>Go: the {@code m} of a {@code g} (reached through TLS, {@code getg().m}).
 */
public class CarrierThread extends Thread {
    /** The innermost continuation running on this thread, or null. Owner thread only. */
    Continuation mounted;
    /**
     * Whether this thread counts once in {@link Frames#mounted} for as long as it runs goroutines,
     * so that mounting each one need not update the shared counter. Owner thread only.
     */
    boolean holdsMountedHint;

    public CarrierThread(Runnable task, String name) {
        super(task, name);
    }

    protected CarrierThread(String name) {
        super(name);
    }
}
