package io.gpm4j.context;

/**
 * A {@link Context} its creator can cancel: {@code withCancel}, {@code withTimeout} and
 * {@code withDeadline} return one (Go: the context and the CancelFunc those functions return,
 * in one object). It is {@link AutoCloseable}, so try-with-resources cancels it at the end of
 * the block, as Go's {@code defer cancel()} does.
 */
public interface CancelContext extends Context, AutoCloseable {
    /**
     * Cancels this context and all of its descendants: their {@code err()} becomes a
     * {@link Canceled} and their done channels close, before this call returns; a pending
     * deadline's timer is stopped, and the parent forgets this context. Idempotent: only the
     * first cancellation (this call, the parent's, or the deadline) counts. Any goroutine or
     * thread may call it. Go: CancelFunc.
     */
    void cancel();

    /** {@link #cancel()}, for try-with-resources. */
    @Override
    default void close() {
        cancel();
    }
}
