package io.gpm4j.sync;

import io.gpm4j.runtime.WaitReason;
import io.gpm4j.runtime.Goroutines;
import io.gpm4j.runtime.RuntimeLock;
import io.gpm4j.runtime.park.Parking;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counting semaphore for the sync package: {@link #acquire} takes one unit and blocks (parks
 * the goroutine, or blocks the plain thread) while there is none; {@link #release} adds one and
 * wakes a waiter. It is the only place the package's Mutex, RWMutex and WaitGroup block.
 *
 * <p>As in Go, the semaphore itself is only its count; its waiters live in a global table of
 * {@link SemaRoot}s keyed by the semaphore's identity (Go: its address), so an uncontended
 * semaphore costs one int and never touches the table, and acquire/release on it allocate
 * nothing.
 *
 * <p>Go: semacquire1, semrelease1, cansemacquire, semtable (runtime/sema.go).
 */
final class Sema {
    /** Roots in the table: a prime, so identity hashes spread. Go: semTabSize. */
    private static final int TABLE_SIZE = 251;
    private static final SemaRoot[] TABLE = new SemaRoot[TABLE_SIZE];
    private static final VarHandle COUNT;

    static {
        for (int i = 0; i < TABLE_SIZE; i++) {
            TABLE[i] = new SemaRoot();
        }
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Sema.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The units available. Changed only by CAS/atomic add. Go: *addr. */
    private volatile int count;

    /** This semaphore's bucket, fixed at construction. Go: semtable.rootFor(addr). */
    private final SemaRoot root = TABLE[(System.identityHashCode(this) & 0x7fffffff) % TABLE_SIZE];

    /** Takes a unit if there is one, without blocking. Go: cansemacquire. */
    boolean tryAcquire() {
        for (;;) {
            int v = count;
            if (v == 0) {
                return false;
            }
            if (COUNT.compareAndSet(this, v, v - 1)) {
                return true;
            }
        }
    }

    /**
     * Takes a unit, blocking the caller (goroutine or plain thread) until one is released.
     * Go: semacquire1.
     *
     * @param lifo   queue at the front of the wait list (a waiter that already waited once)
     * @param reason the wait reason shown in goroutine dumps ("sync.Mutex.Lock", ...)
     */
    void acquire(boolean lifo, WaitReason reason) {
        if (tryAcquire()) {
            return; // easy case: no table, no allocation
        }
        acquireSlow(lifo, reason);
    }

    private void acquireSlow(boolean lifo, WaitReason reason) {
        SemaWaiter s = new SemaWaiter(Goroutines.currentWaiter(), this);
        SemaRoot root = this.root;
        for (;;) {
            root.lock.lock();
            // Count ourselves first, so a release from now on takes the slow path and finds us.
            root.addWaiters(1);
            // Check again: a release between the first check and the increment saw no waiter.
            if (tryAcquire()) {
                root.addWaiters(-1);
                root.lock.unlock();
                return;
            }
            root.queue(this, s, lifo);
            // The root lock is released once we are parked (goparkunlock): a release dequeues
            // us under it, so it never readies a waiter that is not parked yet.
            Parking.park(RuntimeLock.UNLOCK_AFTER_PARK, root.lock, reason);
            // Woken by a release: either it handed us its unit (ticket), or we compete for it
            // with callers that never waited and may lose (then wait again).
            if (s.ticket != 0 || tryAcquire()) {
                return;
            }
        }
    }

    /**
     * Adds a unit and wakes the first waiter, if any. With {@code handoff} the unit goes straight
     * to that waiter (a starving Mutex hands over ownership); otherwise the waiter competes for
     * it. Go: semrelease1.
     *
     * <p>Unlike Go, a handoff does not yield the caller's time slice (goyield): the woken waiter
     * already owns the unit, and the only yield gpm4j offers a goroutine goes through the global
     * run queue, which costs more than it saves.
     */
    void release(boolean handoff) {
        COUNT.getAndAdd(this, 1); // full fence: pairs with the waiter's addWaiters(1) then tryAcquire
        if (root.waiters() == 0) {
            return; // easy case: nobody waits in this root
        }
        releaseSlow(handoff);
    }

    private void releaseSlow(boolean handoff) {
        SemaRoot root = this.root;
        root.lock.lock();
        if (root.waiters() == 0) {
            // the unit was taken by a waiter's re-check: nobody to wake
            root.lock.unlock();
            return;
        }
        SemaWaiter s = root.dequeue(this);
        if (s != null) {
            root.addWaiters(-1);
        }
        root.lock.unlock();
        if (s != null) {
            // outside the lock: readying may take the scheduler's lock
            if (handoff && tryAcquire()) {
                s.ticket = 1; // volatile store before ready: the waiter reads it after waking
            }
            s.waiter.ready();
        }
    }

    /** The units available (racy; for tests and dumps). */
    int count() {
        return count;
    }
}
