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

    static ThreadWaiter current() {
        return OF_THREAD.get();
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
