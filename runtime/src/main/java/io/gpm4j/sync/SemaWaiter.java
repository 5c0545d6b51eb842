package io.gpm4j.sync;

import io.gpm4j.runtime.Waiter;

/**
 * A waiter queued in the semaphore table or a {@link NotifyList}: one per blocking call, so a
 * {@link Waiter} (a goroutine or a plain thread, reused across parks) can be in one queue at a
 * time without being changed. Allocated only on the slow path, when the caller really blocks.
 *
 * <p>Go: sudog as queued on a semaRoot (runtime2.go, sema.go). It is not the channels'
 * {@code io.gpm4j.Sudog}: the two share no field but the waiter and live in different packages,
 * so one class would cost both paths memory and need a public type.
 */
final class SemaWaiter {
    /** Who to ready. Go: sudog.g. */
    final Waiter waiter;
    /** The semaphore this waiter waits on; null in a NotifyList. Go: sudog.elem (the address). */
    final Sema sema;
    /** Next waiter: in the same semaphore's wait list, or in a NotifyList. Go: waitlink / next. Guarded by the queue's lock. */
    SemaWaiter next;
    /** On the first sudog of a semaphore's wait list only: the last one. Go: waittail. Guarded by the root lock. */
    SemaWaiter tail;
    /** On the first sudog of a semaphore's wait list only: the first waiter of the next semaphore in the root. Go: the treap links. */
    SemaWaiter nextSema;
    /**
     * Semaphore table: 1 when the releaser handed the semaphore over directly (handoff), written
     * before {@link Waiter#ready} and read after the wake-up. NotifyList: the waiter's ticket.
     * Go: sudog.ticket.
     */
    volatile int ticket;

    SemaWaiter(Waiter waiter, Sema sema) {
        this.waiter = waiter;
        this.sema = sema;
    }
}
