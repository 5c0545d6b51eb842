package io.gpm4j.sync;

import io.gpm4j.runtime.RuntimeLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One bucket of the semaphore table: the wait lists of every semaphore that hashes here, under
 * one lock, and a count of their waiters that lets a release with nobody waiting skip the lock.
 *
 * <p>Each semaphore with waiters has one FIFO list of {@link SemaWaiter}s; the lists hang off the root
 * by their first waiter ({@link SemaWaiter#nextSema}). Go keeps them in a treap ordered by address so a
 * root stays fast with thousands of distinct contended semaphores; with 251 roots and Java's
 * identity hashes a root rarely holds more than a few semaphores with waiters, so a plain list
 * is enough.
 *
 * <p>Go: semaRoot, semaRoot.queue, semaRoot.dequeue (runtime/sema.go).
 */
final class SemaRoot {
    private static final VarHandle WAITERS;

    static {
        try {
            WAITERS = MethodHandles.lookup().findVarHandle(SemaRoot.class, "waiters", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Guards the lists; held from queueing a waiter until its waiter is parked. Go: semaRoot.lock. */
    final RuntimeLock lock = new RuntimeLock();

    /** First waiter of the first semaphore's list. Guarded by {@link #lock}. Go: semaRoot.treap. */
    private SemaWaiter first;

    /**
     * Waiters in this root, all semaphores together. Incremented before the waiter re-checks the
     * count, decremented when it is dequeued or gets the count after all; read without the lock
     * by releases. Go: semaRoot.nwait.
     */
    @SuppressWarnings("unused")
    private volatile int waiters;

    /**
     * Adds {@code delta} to the waiter count. A full fence, as Go's atomic Xadd: a waiter's
     * increment followed by its count check pairs with a release's count increment followed by
     * its {@link #waiters()} load (store-load on both sides), so at least one of them sees the
     * other and no wake-up is lost.
     */
    void addWaiters(int delta) {
        WAITERS.getAndAdd(this, delta);
    }

    /** Volatile load of the waiter count. Go: root.nwait.Load(). */
    int waiters() {
        return waiters;
    }

    /**
     * Appends {@code s} to the wait list of {@code sema}, or puts it first when {@code lifo} (a
     * waiter that already waited goes back to the front). Caller holds the lock. Go: semaRoot.queue.
     */
    void queue(Sema sema, SemaWaiter s, boolean lifo) {
        assert lock.isLocked() : "semaRoot.queue: root lock not held";
        s.next = null;
        s.tail = s;
        s.nextSema = null;
        SemaWaiter prev = null;
        for (SemaWaiter h = first; h != null; prev = h, h = h.nextSema) {
            if (h.sema != sema) {
                continue;
            }
            if (lifo) {
                // s takes h's place as the head of the list; h becomes its second element
                s.next = h;
                s.tail = h.tail;
                s.nextSema = h.nextSema;
                h.tail = null;
                h.nextSema = null;
                if (prev == null) {
                    first = s;
                } else {
                    prev.nextSema = s;
                }
            } else {
                h.tail.next = s;
                h.tail = s;
            }
            return;
        }
        // no list for this semaphore yet: s starts one
        s.nextSema = first;
        first = s;
    }

    /**
     * Removes and returns the first waiter on {@code sema}, or null when it has none. Caller
     * holds the lock. Go: semaRoot.dequeue.
     */
    SemaWaiter dequeue(Sema sema) {
        assert lock.isLocked() : "semaRoot.dequeue: root lock not held";
        SemaWaiter prev = null;
        for (SemaWaiter h = first; h != null; prev = h, h = h.nextSema) {
            if (h.sema != sema) {
                continue;
            }
            SemaWaiter replacement = h.next;
            if (replacement != null) {
                replacement.tail = h.tail;
                replacement.nextSema = h.nextSema;
            } else {
                replacement = h.nextSema;
            }
            if (prev == null) {
                first = replacement;
            } else {
                prev.nextSema = replacement;
            }
            h.next = null;
            h.tail = null;
            h.nextSema = null;
            return h;
        }
        return null;
    }
}
