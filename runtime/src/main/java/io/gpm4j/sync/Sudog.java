package io.gpm4j.sync;

import io.gpm4j.runtime.Waiter;

/**
 * A waiter queued in the semaphore table or a {@link NotifyList}: one per blocking call, so a
 * {@link Waiter} (a goroutine or a plain thread, reused across parks) can be in one queue at a
 * time without being changed. Allocated only on the slow path, when the caller really blocks.
 *
 * <p>Go: sudog (runtime2.go), as sema.go uses it.
 */
final class Sudog {
    /** Who to ready. Go: sudog.g. */
    final Waiter waiter;
    /** The semaphore this sudog waits on; null in a NotifyList. Go: sudog.elem (the address). */
    final Sema sema;
    /** Next sudog: in the same semaphore's wait list, or in a NotifyList. Go: waitlink / next. Guarded by the queue's lock. */
    Sudog next;
    /** On the first sudog of a semaphore's wait list only: the last one. Go: waittail. Guarded by the root lock. */
    Sudog tail;
    /** On the first sudog of a semaphore's wait list only: the first sudog of the next semaphore in the root. Go: the treap links. */
    Sudog nextSema;
    /**
     * Semaphore table: 1 when the releaser handed the semaphore over directly (handoff), written
     * before {@link Waiter#ready} and read after the wake-up. NotifyList: the waiter's ticket.
     * Go: sudog.ticket.
     */
    volatile int ticket;

    Sudog(Waiter waiter, Sema sema) {
        this.waiter = waiter;
        this.sema = sema;
    }
}
