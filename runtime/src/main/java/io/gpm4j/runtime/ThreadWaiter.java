package io.gpm4j.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * A plain thread (one that runs no goroutine) as a {@link Waiter}: parking blocks the thread,
 * readying unblocks it. One per thread, reused.
 */
final class ThreadWaiter implements Waiter {
    static final int RUNNING = 0;
    static final int WAITING = 1;
    private static final ThreadLocal<ThreadWaiter> OF_THREAD = ThreadLocal.withInitial(ThreadWaiter::new);

    final Thread thread = Thread.currentThread();
    volatile int state = RUNNING;
    volatile String reason;

    /**
     * The calling thread's waiter. Called only with no goroutine mounted, when the thread's
     * ThreadLocal maps are its own; still, a waiter found for another thread (a map a goroutine
     * carried here from another carrier, if one ever were) is replaced, never used to park.
     */
    static ThreadWaiter current() {
        ThreadWaiter w = OF_THREAD.get();
        if (w.thread != Thread.currentThread()) {
            w = new ThreadWaiter();
            OF_THREAD.set(w);
        }
        return w;
    }

    @Override
    public void ready() {
        state = RUNNING;
        LockSupport.unpark(thread);
    }

    @Override
    public long goid() {
        return 0;
    }
}
