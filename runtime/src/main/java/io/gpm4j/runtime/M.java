package io.gpm4j.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * A machine: a thread that runs goroutines while it holds a P. Its scheduler loop
 * ({@link Sched#schedule}) is its g0: the frame below every goroutine it runs. Carrier threads
 * ({@link CarrierThread}) are Ms for life; the thread that calls {@code Go.run} is an M for the length
 * of the call (the first one is m0).
 *
 * <p>Go: {@code m} (runtime/runtime2.go).
 */
final class M {
    /** What the goroutine asked g0 to do when it suspended. Go: the fn of mcall. */
    static final int MCALL_NONE = 0;
    /** Go: park_m. */
    static final int MCALL_PARK = 1;
    /** Go: gosched_m. */
    static final int MCALL_GOSCHED = 2;
    /** The goroutine was preempted at a preemption point. Go: gopreempt_m. */
    static final int MCALL_PREEMPT = 3;

    final long id;
    final Thread thread;
    /** The goroutine running on this M, or null on g0. Owner only. Go: curg. */
    G curg;
    /** The P held, or null. Owner only (others read it racily for traces). Go: p. */
    volatile P p;
    /** The P handed over with a wake-up. Set by the waker before {@link #wake}. Go: nextp. */
    volatile P nextp;
    /**
     * Whether this M is looking for work without having found any. Changed only through
     * {@link Spinning}, which keeps the spinning-M count in step with it. Go: spinning.
     */
    boolean spinning;
    /** Link in the idle M list. Guarded by the sched lock. Go: schedlink. */
    M schedlink;
    /** Whether the M is in the idle list. Guarded by the sched lock. */
    boolean idle;
    /** The request of the goroutine that last suspended on this M. Owner only. */
    int mcall;
    /** Run on g0 after a parking goroutine is fully suspended. Go: waitunlockf, waitlock. */
    ParkUnlock waitUnlock;
    Object waitLock;
    /** The {@code Go.run} call whose caller this M is, or null for a carrier. */
    final MainCall main;
    /** Whether the M is blocked by a pinned goroutine (it gave its P away). Go: blocked. */
    volatile boolean blocked;
    /**
     * Whether sysmon retook this M's P while it ran a goroutine's code, and the M has not yet
     * come back to the scheduler to see it. Set by sysmon, cleared by the owner.
     */
    volatile boolean handedOff;
    /** Whether the G that {@link Sched#findRunnable} returned came from runnext. Owner only. */
    boolean inheritTime;
    /**
     * Whether this M's last runnext back-off found its victim switching goroutines: a pair
     * talking on that P, which readies goroutines into its runnext again and again. Owner only.
     */
    boolean sawPair;
    /** Whether this M's last look for work napped (a runnext back-off). Owner only. */
    boolean napped;
    /**
     * When this spinning M began to linger beside such a pair ({@link Sched#findRunnable}), or 0;
     * reset whenever it stops spinning ({@link Spinning#stop}). Owner only.
     */
    long lingerSince;
    private volatile boolean wakeup;
    /** The thread's interrupt, taken by a scheduler wait, to be given back before the next goroutine runs ({@link Interrupts}). Owner only. */
    boolean interruptTaken;
    /**
     * The kernel's id of this M's thread (Linux), or 0: for sysmon's look at the thread's state.
     * Written once by the thread itself as it becomes an M.
     */
    volatile int tid;
    /**
     * For a Go.run thread: the innermost continuation running on it, or null (a carrier keeps
     * it in {@link CarrierThread#mounted}). Not a ThreadLocal: a goroutine's maps replace the
     * thread's while it runs ({@link GoroutineLocals}). Owner only.
     */
    Continuation mounted;
    /**
     * The {@code java.util.concurrent} locks the thread held when it became this M (a Go.run
     * caller's own; none for a carrier), recorded only with {@link CarrierLocks#CHECK}. Owner only.
     */
    java.util.Set<String> locksAtStart = java.util.Set.of();
    /** The xorshift state of chaos mode's coin ({@link Chaos}); zero until first used. Owner only. */
    long chaosState;
    /** When chaos mode last stalled this M ({@link Chaos#stall}), or 0. Owner M only. */
    long chaosStallAt;
    /**
     * The direct buffer {@link CarrierBuffer} reads and writes heap arrays through, or null until
     * the first such call. The M's, not the P's: a P can be retaken while its M is inside a call.
     * Owner only.
     */
    java.nio.ByteBuffer ioBuffer;
    /**
     * Channel waiters (sudogs) this M's goroutines finished with, for the next park to reuse
     * ({@link Goroutines#acquireSudog}); Object, as sudogs are the channels' type. The M's, not
     * the P's: only the thread running a goroutine touches it. Owner only. Go: p.sudogcache.
     */
    final Object[] sudogCache = new Object[16];
    int sudogCount;

    /**
     * This M's g0: the goroutine that stands for its scheduler loop, the frame below every
     * goroutine the M runs. Never scheduled; goid 0. Go: m.g0 (and g0.m == m).
     */
    final G g0;

    M(long id, Thread thread, MainCall main) {
        this.id = id;
        this.thread = thread;
        this.main = main;
        this.g0 = new G();
        this.g0.m = this;
        this.g0.setStatus(G.RUNNING);
    }

    /** Blocks until {@link #wake}. Owner only. Go: notesleep(&m.park). */
    void park() {
        boolean interrupted = false;
        while (!wakeup) {
            interrupted |= Interrupts.park(this); // a set flag would make this loop spin
        }
        wakeup = false;
        Interrupts.keep(this, interrupted);
    }

    /** Go: notewakeup(&m.park). Any thread. */
    void wake() {
        wakeup = true;
        LockSupport.unpark(thread);
    }
}
