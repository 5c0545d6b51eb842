package io.gpm4j.runtime;

/**
 * Internal: not part of the public API; public because channels, select, sync and time queue and
 * wake waiters.
 *
 * <p>Something parked in the runtime that another party will wake: a goroutine, or a plain thread
 * blocked in a channel or sync operation. Channels and sync queue Waiters the way Go queues
 * sudogs, and wake them with {@link #ready}, whatever kind they are.
 */
public interface Waiter {
    /** Makes the waiter runnable again. Call exactly once per park. Go: goready. */
    void ready();

    /** The goroutine id, or 0 for a plain thread. */
    long goid();
}
