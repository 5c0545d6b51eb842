package io.gpm4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Internal: not part of the public API; public because channels and sync lock their wait queues
 * with it.
 *
 * <p>A tiny lock for the runtime's wait queues (a channel's, the semaphore table's, a notify
 * list's): it is held
 * across a park and released by the park's unlock function, possibly on another thread, so it
 * cannot be a monitor or a {@code ReentrantLock} (both track an owner thread, and a monitor would
 * pin the parking goroutine). Critical sections are a few list operations, so it spins, then
 * yields the thread.
 *
 * <p>Go: runtime.mutex with lock2/unlock2 (lock_futex.go), and goparkunlock's parkunlock_c.
 */
public final class RuntimeLock {
    /** Busy spins before the locker starts yielding its thread. Go: active_spin, passive_spin. */
    private static final int SPINS = 100;

    /**
     * Unlock function for {@code Parking.park(UNLOCK_AFTER_PARK, lock, reason)}: releases
     * {@code lock} once the waiter is parked, so a waker that finds the waiter in a queue under
     * this lock only ever readies a parked waiter. Go: parkunlock_c. Non-capturing, so no
     * allocation per park.
     */
    public static final ParkUnlock UNLOCK_AFTER_PARK = (waiter, lock) -> {
        ((RuntimeLock) lock).unlock();
        return true;
    };

    private static final VarHandle KEY;

    static {
        try {
            KEY = MethodHandles.lookup().findVarHandle(RuntimeLock.class, "key", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 1 while held. Written by CAS to lock (acquire), by a release store to unlock. */
    @SuppressWarnings("unused")
    private volatile int key;

    /** Takes the lock. Any thread; not reentrant. Go: lock2. */
    public void lock() {
        if (!KEY.compareAndSet(this, 0, 1)) {
            lockSlow();
        }
    }

    private void lockSlow() {
        for (int i = 0;; i++) {
            // test before the CAS so waiting lockers do not bounce the cache line
            if (key == 0 && KEY.compareAndSet(this, 0, 1)) {
                return;
            }
            if (i < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the holder may be a descheduled thread: let it run
            }
        }
    }

    /** Releases the lock; any thread may call it, the locker or the scheduler after a park. Go: unlock2. */
    public void unlock() {
        // a release store publishes what the critical section wrote; a volatile store's StoreLoad
        // fence would only matter if the unlocker then looked for waiters to wake, as Go's unlock2
        // does for its futex sleepers, and no one sleeps on this lock
        KEY.setRelease(this, 0);
    }

    /** Whether the lock is held (racy; for assertions). */
    public boolean isLocked() {
        return key != 0;
    }
}
