package io.gpm4j.sync;

/**
 * Runs an action exactly once: the first {@link #run} calls its function, and every call,
 * concurrent or later, returns only after that function has finished. Later functions are
 * never called, even if the first one threw (as in Go, a panicking f counts as done).
 *
 * <p>Go: sync.Once (sync/once.go). The fast path is one volatile read of {@link #done}; the
 * slow path takes {@link #m}, so callers racing the first one wait (parked) for it to finish,
 * which a CAS on {@code done} alone could not guarantee.
 */
public final class Once {
    /**
     * 1 once f has returned. Written under {@link #m} after f (volatile store: publishes what f
     * wrote to the fast-path readers); read without the lock. Go: Once.done.
     */
    private volatile int done;
    /** Serialises the slow path. Go: Once.m. */
    private final Mutex m = new Mutex();

    /** A Once that has not run. */
    public Once() {
    }

    /** Calls {@code f} if and only if this is the first call to run on this Once. Go: Once.Do. */
    public void run(Runnable f) {
        if (done == 0) {
            runSlow(f); // outlined so the fast path stays small
        }
    }

    /** Go: Once.doSlow. */
    private void runSlow(Runnable f) {
        m.lock();
        try {
            if (done == 0) {
                try {
                    f.run();
                } finally {
                    done = 1;
                }
            }
        } finally {
            m.unlock();
        }
    }

    /** Whether f has run (racy; for tests). */
    boolean isDone() {
        return done != 0;
    }
}
