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
    /** This P's timers. Go: p.timers. */
    final TimerHeap timers = new TimerHeap();
    /** Incremented at every schedule that does not inherit a time slice. Owner only. Go: schedtick. */
    int schedtick;
    /**
     * Incremented each time the owner M runs a goroutine, time slice inherited or not: sysmon's
     * sign that the M comes back to the scheduler, and a thief's that this P ran (or replaced) the
     * runnext it was about to take ({@code Sched.stealRunnext}). Owner writes; others read it
     * racily. Go: syscalltick.
     */
    int switchtick;
    /**
     * The M running a goroutine's own code on this P, or null (the M is on g0, or the P is idle):
     * while set, sysmon may retake the P. Only through {@link HandOff}. Go: the _Psyscall status.
     */
    volatile M userM;
    /** What sysmon last saw of this P. Sysmon only. Go: p.sysmontick. */
    final Sysmon.Tick sysmontick = new Sysmon.Tick();
    /** The M holding this P, or null. */
    volatile M m;
    /** Link in the idle P list. Guarded by the sched lock. Go: p.link. */
    P link;
    /** The next goroutine id of this P's batch, and the end of the batch. Owner only. Go: goidcache. */
    long goidNext;
    long goidEnd;
    /** Goroutines created on and ended on this P. Owner writes (release), anyone reads. */
    private long created;
    private long exited;

    void countCreated() {
        COUNTS.setRelease(this, created + 1);
    }

    void countExited() {
        EXITED.setRelease(this, exited + 1);
    }

    long created() {
        return (long) COUNTS.getAcquire(this);
    }

    long exited() {
        return (long) EXITED.getAcquire(this);
    }

    private static final java.lang.invoke.VarHandle COUNTS;
    private static final java.lang.invoke.VarHandle EXITED;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            COUNTS = l.findVarHandle(P.class, "created", long.class);
            EXITED = l.findVarHandle(P.class, "exited", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Local free Gs: {@code gFree[0..gFreeCount)}. Owner only. Go: p.gFree. */
    final G[] gFree = new G[FreeGs.LOCAL_MAX];
    int gFreeCount;
    /** The {@link GcEpoch} every G in {@link #gFree} was made in. Owner only. */
    int gFreeEpoch;
    /** Gs this P's free list has released ({@link FreeGs}), which allgs compacts away. Owner writes; read racily. */
    int gReleased;

    P(int id) {
        this.id = id;
    }
}
