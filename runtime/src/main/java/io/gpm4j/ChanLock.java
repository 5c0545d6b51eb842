package io.gpm4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A channel's lock: a test-and-set spin lock that any thread may release. Not a monitor, because
 * a parking goroutine's lock is released by its unlock callback once the goroutine is parked
 * (a suspension inside {@code synchronized} would pin), and critical sections are a few field
 * updates. Go: hchan.lock (runtime.mutex).
 */
final class ChanLock {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ChanLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;

    void lock() {
        if (STATE.compareAndSet(this, 0, 1)) {
            return;
        }
        int spins = 0;
        for (;;) {
            if (state == 0 && STATE.compareAndSet(this, 0, 1)) {
                return;
            }
            if (++spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    void unlock() {
        STATE.setRelease(this, 0);
    }
}
