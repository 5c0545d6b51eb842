package io.gpm4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A goroutine: a continuation whose body is the goroutine's function, plus the scheduler's
 * bookkeeping. G objects are recycled through free lists (with their frame store), so spawning
 * allocates nothing in steady state, but only between two garbage collections: a G that outlived
 * one is released to the collector instead ({@link FreeGs}, {@link GcEpoch}). A G <em>is</em>
 * its continuation (one object, not two joined by references: a parked goroutine is mostly this
 * object, its frame store and its sudog).
 *
 * <p>Go: {@code g} (runtime/runtime2.go). The status is changed only by CAS ({@link #cas}).
 */
final class G extends Continuation implements Waiter {
    /** Go: _Gidle. Just allocated, not yet initialised. */
    static final byte IDLE = 0;
    /** Go: _Grunnable. On a run queue. */
    static final byte RUNNABLE = 1;
    /** Go: _Grunning. Owned by an M with a P. */
    static final byte RUNNING = 2;
    /** Go: _Gsyscall. Pinned to its carrier thread, which blocks; the M gave its P away. */
    static final byte SYSCALL = 3;
    /** Go: _Gwaiting. Parked; someone will ready it. */
    static final byte WAITING = 4;
    /** Go: _Gdead. Finished, on a free list. */
    static final byte DEAD = 6;
    /**
     * Not in Go, which keeps its Gs forever: dead and left to the collector, never to run again,
     * because it outlived a collection on a free list ({@link FreeGs}); allgs drops it at its next
     * compaction ({@link Gs}).
     */
    static final byte RELEASED = 7;

    private static final String[] STATUS_NAMES = {"idle", "runnable", "running", "syscall", "waiting", "?", "dead", "released"};
    private static final VarHandle STATUS;
    private static final VarHandle M_FIELD;
    private static final VarHandle WAIT_REASON;

    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(G.class, "status", byte.class);
            M_FIELD = MethodHandles.lookup().findVarHandle(G.class, "m", M.class);
            WAIT_REASON = MethodHandles.lookup().findVarHandle(G.class, "waitReason", byte.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The body of a goroutine's continuation between two lives: running it is a broken invariant. */
    static final Runnable NOT_STARTED = () -> {
        throw Fatal.error("execute: a goroutine's continuation ran before newproc gave it a body");
    };

    /** A G between lives: its body is given by {@link Continuation#reset} for each. */
    G() {
        super(NOT_STARTED);
    }

    /**
     * Go: atomicstatus. Changed by CAS ({@link #cas}), or by a checked release store where only
     * the G's M can be changing it ({@link #casOwned}). A byte: a parked goroutine is mostly this
     * object.
     */
    private volatile byte status = IDLE;
    /** Go: goid. Assigned anew for each life. */
    long goid;
    /** The {@link GcEpoch} this G was made in: {@link FreeGs} keeps it for reuse only within that one. */
    int epoch;
    /** The M running this G, or null. Go: g.m. */
    volatile M m;
    /** Why the G is waiting: a {@link WaitReason}'s code, 0 for none. Go: waitreason. */
    volatile byte waitReason;
    /**
     * What few goroutines need (see {@link Rare}): null until the first need, then kept for the
     * G's later lives. Written only by the thread that owns the G (the one running it, or making
     * it); read racily by dumps and statistics.
     */
    private Rare rare;

    /**
     * The state that most goroutines never have, out of line so that a parked goroutine does not
     * carry four null fields: a pinned G's blocked thread, its JFR events in flight, and its
     * ThreadLocal maps.
     */
    static final class Rare {
        /** The thread a pinned G blocks, while it is waiting pinned; else null. */
        volatile Thread pinnedThread;
        /**
         * The G's JFR events in flight (its park, its scheduler latency), made the first time a
         * recording wants one and reused; else null.
         */
        JfrEvents.InFlight jfr;
        /**
         * The goroutine's {@code Thread.threadLocals} and {@code inheritableThreadLocals} maps
         * (package-private JDK types, hence Object) while it is not running; null when it has
         * none. While it runs they are on its carrier and these are stale. Owner: the M running
         * the G. See {@link GoroutineLocals}.
         */
        Object threadLocals;
        Object inheritableThreadLocals;
        /**
         * The Go.run call whose main goroutine this G is, from its creation to its end; else
         * null. Owner: the thread that made the G, then the M that ends it.
         */
        MainCall mainCall;
    }

    /** This G's {@link Rare} state, made on first use. Only by the thread that owns the G. */
    Rare rare() {
        Rare r = rare;
        if (r == null) {
            rare = r = new Rare();
        }
        return r;
    }

    /**
     * The Go.run call whose main goroutine this G is, or null; forgets it (the G's next life is
     * no main goroutine). Read from the G's own state, not from the Go.run threads' Ms,
     * which those threads write beside at every switch (see {@link Sched#goexit0}). Owner M, at
     * the G's end.
     */
    MainCall takeMainCall() {
        Rare r = rare;
        if (r == null || r.mainCall == null) {
            return null;
        }
        MainCall call = r.mainCall;
        r.mainCall = null;
        return call;
    }

    /** This G's {@link Rare} state, or null when it never needed one. Any thread (racy). */
    Rare rareOrNull() {
        return rare;
    }

    /** The thread this G blocks while it waits pinned, else null. Any thread (racy). */
    Thread pinnedThread() {
        Rare r = rare;
        return r == null ? null : r.pinnedThread;
    }

    /**
     * A goroutine's pinned suspension blocks its carrier thread ({@link Sched#pinned}). It runs
     * inside the pinned G's {@code Continuation.suspend}, on its thread.
     */
    @Override
    void pinned(PinReason reason, StackTraceElement frame) {
        Sched.get().pinned(this, reason, frame);
    }

    /** Why the G is waiting ("chan receive", ...), or null. Racy. */
    String waitReason() {
        return WaitReason.text(waitReason);
    }

    /** Go: goready. */
    @Override
    public void ready() {
        Sched.get().ready(this);
    }

    @Override
    public long goid() {
        return goid;
    }

    byte status() {
        return status;
    }

    /** Go: casgstatus. A G not in {@code from} is a broken state machine: fatal. */
    void cas(byte from, byte to) {
        if (!STATUS.compareAndSet(this, from, to)) {
            throw badTransition(from, to);
        }
    }

    /**
     * The transition {@code from} → {@code to} that only the M running or about to run this G
     * makes (RUNNABLE → RUNNING as it starts it, RUNNING → RUNNABLE as it yields): no other thread
     * writes the status meanwhile (a readier's CAS expects WAITING), so a checked release store
     * does what {@link #cas} would without its fence, twice on every switch. Owner M only.
     */
    void casOwned(byte from, byte to) {
        if (status != from) {
            throw badTransition(from, to);
        }
        STATUS.setRelease(this, to);
    }

    private Error badTransition(byte from, byte to) {
        return Fatal.error("casgstatus: bad transition of goroutine " + goid + " from "
                + statusName(status) + " to " + statusName(to) + ", expected " + statusName(from));
    }

    /**
     * Sets the M running this G ({@code null} when it stops): a release store, as only that M
     * writes it and other threads read it only for dumps and statistics. Owner M only.
     */
    void setM(M m) {
        M_FIELD.setRelease(this, m);
    }

    /**
     * Sets why the G waits ({@link WaitReason}'s code, 0 for none): a release store, as other
     * threads read it only for dumps. The G's owner only.
     */
    void setWaitReason(byte code) {
        WAIT_REASON.setRelease(this, code);
    }

    /** Leaves a dead G to the collector: it is on no free list, and allgs may drop it. Its last owner only. */
    void release() {
        cas(DEAD, RELEASED);
    }

    /** Unconditional store, for a G no one else can see (new or on a free list). */
    void setStatus(byte s) {
        status = s;
    }

    static String statusName(int s) {
        return s >= 0 && s < STATUS_NAMES.length ? STATUS_NAMES[s] : "?";
    }

    /**
     * Whether the G runs its own code on an M that has no P for it (sysmon retook it: the G is
     * blocked in the JDK, or back from it and not yet at a preemption point). Go: _Gsyscall.
     * Racy; for dumps and statistics.
     */
    boolean inSyscall() {
        M m = this.m;
        return status == RUNNING && m != null && m.curg == this && (m.handedOff || m.p == null);
    }

    /** The status as Go's dump prints it: the wait reason when waiting with one; syscall when handed off. */
    String dumpStatus() {
        if (inSyscall()) {
            return STATUS_NAMES[SYSCALL];
        }
        int s = status;
        String reason = waitReason();
        return (s == WAITING || s == SYSCALL) && reason != null ? reason : statusName(s);
    }
}
