package io.gpm4j.runtime;

/**
 * A processor: the right to run goroutines, with its own run queue and free-G cache. There are
 * GOMAXPROCS of them; an M must hold one to run Go code.
 *
 * <p>Go: {@code p} (runtime/runtime2.go).
 */
final class P {
    /** Go: _Pidle. */
    static final int IDLE = 0;
    /** Go: _Prunning. Owned by an M. */
    static final int RUNNING = 1;
    /** Go: _Pdead. Beyond GOMAXPROCS. */
    static final int DEAD = 4;

    final int id;
    /**
     * Guarded by the sched lock for transitions to and from IDLE; else owner only. Volatile:
     * procresize sets DEAD under the lock, and the owning M reads it without the lock.
     */
    volatile int status = IDLE;
    final RunQueue runq = new RunQueue();
    /** Incremented at every schedule that does not inherit a time slice. Owner only. */
    int schedtick;
    /** The M holding this P, or null. */
    volatile M m;
    /** Link in the idle P list. Guarded by the sched lock. Go: p.link. */
    P link;
    /** Local free Gs. Owner only. Go: p.gFree. */
    G gFree;
    int gFreeCount;

    P(int id) {
        this.id = id;
    }
}
