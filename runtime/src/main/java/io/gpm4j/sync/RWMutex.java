package io.gpm4j.sync;

import io.gpm4j.runtime.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A reader/writer lock: any number of readers or one writer. Waiting goroutines park, plain
 * threads block. Writers are preferred: once a writer calls {@link #lock}, readers that arrive
 * wait until it has had its turn, so a stream of readers cannot starve it (and, as in Go, a
 * reader must not rLock again while it holds a read lock and a writer may be waiting).
 *
 * <p>Go: sync.RWMutex (sync/rwmutex.go). Writers first take the inner {@link Mutex} {@code w}
 * (so a writer waiting for another writer shows "sync.Mutex.Lock", as in Go). A writer then
 * announces itself by subtracting {@code MAX_READERS} from {@link #readerCount}, which makes
 * the count negative: arriving readers see that and wait on {@link #readerSem}. The readers that
 * were already inside are moved to {@link #readerWait}; the last of them to leave wakes the
 * writer on {@link #writerSem}. On unlock the writer adds {@code MAX_READERS} back and releases
 * one unit of readerSem per reader that queued meanwhile.
 */
public final class RWMutex {
    /** More readers than this at once is not supported. Go: rwmutexMaxReaders. */
    static final int MAX_READERS = 1 << 30;
    static final WaitReason WAIT_REASON_RLOCK = WaitReason.SYNC_RWMUTEX_RLOCK;
    static final WaitReason WAIT_REASON_LOCK = WaitReason.SYNC_RWMUTEX_LOCK;

    private static final VarHandle READER_COUNT;
    private static final VarHandle READER_WAIT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            READER_COUNT = l.findVarHandle(RWMutex.class, "readerCount", int.class);
            READER_WAIT = l.findVarHandle(RWMutex.class, "readerWait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Held by the writer, from before it announces itself to after it is done. Go: RWMutex.w. */
    private final Mutex w = new Mutex();
    /** Where a writer waits for the readers inside to leave. Go: writerSem. */
    private final Sema writerSem = new Sema();
    /** Where readers wait for a writer to finish. Go: readerSem. */
    private final Sema readerSem = new Sema();
    /** Readers inside or waiting; minus MAX_READERS while a writer is pending. Atomic add only. Go: readerCount. */
    @SuppressWarnings("unused")
    private volatile int readerCount;
    /** Readers the pending writer still waits for. Atomic add only. Go: readerWait. */
    @SuppressWarnings("unused")
    private volatile int readerWait;

    /** An unlocked RWMutex. */
    public RWMutex() {
    }

    /** Locks for reading; waits while a writer holds or waits for the lock. Go: RWMutex.RLock. */
    public void rLock() {
        if ((int) READER_COUNT.getAndAdd(this, 1) + 1 < 0) {
            // A writer is pending: wait for its unlock to release us.
            readerSem.acquire(false, WAIT_REASON_RLOCK);
        }
    }

    /**
     * Undoes one {@link #rLock}. Go: RWMutex.RUnlock.
     *
     * @throws IllegalStateException "sync: RUnlock of unlocked RWMutex" (Go: a fatal error)
     */
    public void rUnlock() {
        int r = (int) READER_COUNT.getAndAdd(this, -1) - 1;
        if (r < 0) {
            rUnlockSlow(r);
        }
    }

    /** Go: RWMutex.rUnlockSlow. */
    private void rUnlockSlow(int r) {
        if (r + 1 == 0 || r + 1 == -MAX_READERS) {
            // No reader was inside. Go dies here; we undo our decrement and report it.
            READER_COUNT.getAndAdd(this, 1);
            throw new IllegalStateException("sync: RUnlock of unlocked RWMutex");
        }
        // A writer is pending: the last departing reader wakes it.
        if ((int) READER_WAIT.getAndAdd(this, -1) - 1 == 0) {
            writerSem.release(false);
        }
    }

    /** Locks for writing; waits for other writers, then for the readers inside. Go: RWMutex.Lock. */
    public void lock() {
        // First, resolve competition with other writers.
        w.lock();
        // Announce to readers there is a pending writer; r is how many are inside.
        int r = (int) READER_COUNT.getAndAdd(this, -MAX_READERS);
        // Wait for the readers inside. Those that left between the two adds already decremented
        // readerWait (below zero), so the add returns how many are really still in.
        if (r != 0 && (int) READER_WAIT.getAndAdd(this, r) + r != 0) {
            writerSem.acquire(false, WAIT_REASON_LOCK);
        }
    }

    /**
     * Unlocks for writing and lets the readers that queued meanwhile in. Go: RWMutex.Unlock.
     *
     * @throws IllegalStateException "sync: Unlock of unlocked RWMutex" (Go: a fatal error)
     */
    public void unlock() {
        // Announce to readers there is no active writer.
        int r = (int) READER_COUNT.getAndAdd(this, MAX_READERS) + MAX_READERS;
        if (r >= MAX_READERS) {
            // No writer held it. Go dies here; we undo our add and report it.
            READER_COUNT.getAndAdd(this, -MAX_READERS);
            throw new IllegalStateException("sync: Unlock of unlocked RWMutex");
        }
        // Unblock the readers that arrived while we held it.
        for (int i = 0; i < r; i++) {
            readerSem.release(false);
        }
        // Allow other writers to proceed.
        w.unlock();
    }

    /** Readers inside or waiting, minus MAX_READERS while a writer is pending (racy; for tests). */
    int readerCount() {
        return readerCount;
    }

    @Override
    public String toString() {
        int c = readerCount;
        return c < 0 ? "RWMutex[writer pending or active, readers=" + (c + MAX_READERS) + "]"
                : "RWMutex[readers=" + c + "]";
    }
}
