package io.gpm4j.runtime;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;

/**
 * Internal: not part of the public API; public because {@code io.gpm4j.net} parks on it.
 *
 * <p>The poll descriptor of one non-blocking channel: who waits to read (or accept), who waits to
 * write (or connect), the deadlines of both, and whether the channel is closing. A waiter is a
 * goroutine or a plain thread ({@link Waiter}); the park itself is made by the caller, in a
 * package the agent rewrites, as Go's {@code poll_runtime_pollWait} does:
 * <pre>{@code
 * int err = pd.check(mode);                     // closing? past the deadline?
 * while (err == OK) {
 *     if (pd.prepareBlock(mode, op)) break;      // readiness came before: consume it
 *     if (pd.check(mode) == OK) Parking.park(PollDesc.commit(mode), pd, "IO wait");
 *     if (pd.finishBlock(mode)) break;           // woken by readiness
 *     err = pd.check(mode);                      // woken by close or deadline (or stale)
 * }
 * }</pre>
 *
 * <h2>The wait states</h2>
 * Each of {@link #rg} and {@link #wg} is {@code null} (Go: pdNil), {@link #READY} (pdReady: a
 * readiness came while nobody waited, and the next wait consumes it instead of parking),
 * {@link #WAIT} (pdWait: a waiter is about to park) or the parked {@link Waiter}. The waiter moves
 * nil→WAIT before it parks, and the park's commit ({@link #commit}) moves WAIT→waiter only once the
 * waiter is fully parked; a readiness, close or deadline that comes in between turns WAIT into
 * nil or READY, the commit fails and the park is cancelled: no wake-up is lost. Only the party
 * that swaps the waiter out readies it.
 *
 * <h2>Deadlines</h2>
 * A deadline is a {@link RuntimeTimer} on a P's heap. When it fires, the deadline is marked
 * expired and the waiter is readied; its next {@link #check} reports {@link #ERR_TIMEOUT} until a
 * new deadline is set. A timer that fires after its deadline was moved later finds the deadline
 * in the future and does nothing (Go compares sequence numbers instead).
 *
 * <p>Go: pollDesc (runtime/netpoll.go) and netpollblock, netpollblockcommit, netpollunblock,
 * netpollcheckerr, netpolldeadlineimpl, poll_runtime_pollSetDeadline, poll_runtime_pollUnblock,
 * poll_runtime_pollClose.
 */
public final class PollDesc {
    /** Waiting to read, or to accept. Go: mode 'r'. */
    public static final int MODE_READ = 0;
    /** Waiting to write, or to connect. Go: mode 'w'. */
    public static final int MODE_WRITE = 1;
    /** Go: pollNoError. */
    public static final int OK = 0;
    /** The descriptor is closing. Go: pollErrClosing. */
    public static final int ERR_CLOSING = 1;
    /** The deadline of the mode has passed. Go: pollErrTimeout. */
    public static final int ERR_TIMEOUT = 2;

    /** Go: pdReady. */
    private static final Object READY = new Object() {
        @Override
        public String toString() {
            return "pdReady";
        }
    };
    /** Go: pdWait. */
    private static final Object WAIT = new Object() {
        @Override
        public String toString() {
            return "pdWait";
        }
    };
    private static final int NO_DEADLINE = 0;
    private static final int ARMED = 1;
    private static final int EXPIRED = 2;

    private static final VarHandle RG;
    private static final VarHandle WG;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RG = l.findVarHandle(PollDesc.class, "rg", Object.class);
            WG = l.findVarHandle(PollDesc.class, "wg", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The park's commit of a reader: WAIT→waiter. Go: netpollblockcommit. */
    private static final ParkUnlock COMMIT_READ = (w, pd) -> ((PollDesc) pd).commitPark(RG, w);
    /** The park's commit of a writer. Go: netpollblockcommit. */
    private static final ParkUnlock COMMIT_WRITE = (w, pd) -> ((PollDesc) pd).commitPark(WG, w);
    /** A deadline fired. Go: netpollReadDeadline. */
    private static final RuntimeTimer.Fire READ_DEADLINE = (pd, now) -> ((PollDesc) pd).deadlineFired(MODE_READ, now);
    /** Go: netpollWriteDeadline. */
    private static final RuntimeTimer.Fire WRITE_DEADLINE = (pd, now) -> ((PollDesc) pd).deadlineFired(MODE_WRITE, now);

    private final Netpoll netpoll;
    private final SelectableChannel channel;
    /** The interest operation(s) that readiness for {@link #MODE_READ} reports. */
    final int readOps;
    /** The interest operation(s) that readiness for {@link #MODE_WRITE} reports. */
    final int writeOps;
    /** The selector's key, registered at the first wait. Written under {@code this}. */
    private volatile SelectionKey key;

    /** Go: rg. Changed by CAS and swap only. */
    @SuppressWarnings("unused")
    private volatile Object rg;
    /** Go: wg. Changed by CAS and swap only. */
    @SuppressWarnings("unused")
    private volatile Object wg;
    /** Go: closing. Written under {@code this}; set before the waiters are unblocked. */
    private volatile boolean closing;
    /** The deadline states, {@link #NO_DEADLINE}, {@link #ARMED} or {@link #EXPIRED}. Written under {@code this}. */
    private volatile int rstate;
    private volatile int wstate;
    /** The deadlines while ARMED, in {@link System#nanoTime} terms. Guarded by {@code this}. Go: rd, wd. */
    private long rd;
    private long wd;
    /** The deadline timers, made at the first deadline. Guarded by {@code this}. Go: rt, wt. */
    private RuntimeTimer rt;
    private RuntimeTimer wt;

    private PollDesc(Netpoll netpoll, SelectableChannel channel) {
        this.netpoll = netpoll;
        this.channel = channel;
        boolean server = channel instanceof ServerSocketChannel;
        this.readOps = server ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
        this.writeOps = server ? 0 : SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
    }

    /**
     * The poll descriptor of {@code channel}, which must be in non-blocking mode; it is registered
     * with the runtime's selector at its first wait. Any thread. Go: poll_runtime_pollOpen.
     */
    public static PollDesc open(SelectableChannel channel) {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("netpollopen: the channel is in blocking mode");
        }
        return new PollDesc(Sched.get().netpoll(), channel);
    }

    /** The park commit of {@code mode}, to hand to the park with this descriptor as its lock. */
    public static ParkUnlock commit(int mode) {
        return mode == MODE_READ ? COMMIT_READ : COMMIT_WRITE;
    }

    /** Why a wait in {@code mode} cannot go on, or {@link #OK}. Any thread. Go: netpollcheckerr. */
    public int check(int mode) {
        if (closing) {
            return ERR_CLOSING;
        }
        int state = mode == MODE_READ ? rstate : wstate;
        return state == EXPIRED ? ERR_TIMEOUT : OK;
    }

    /**
     * The first half of a wait for {@code op} in {@code mode}: consumes a readiness that came
     * before (returns true: do not park) or marks a waiter coming, asks the selector for
     * {@code op}, and returns false (the caller parks unless {@link #check} says otherwise, then
     * calls {@link #finishBlock}). One waiter per mode at a time (the caller serializes).
     * Go: netpollblock before its gopark.
     */
    public boolean prepareBlock(int mode, int op) throws IOException {
        VarHandle gpp = mode == MODE_READ ? RG : WG;
        for (;;) {
            if (gpp.compareAndSet(this, READY, null)) {
                return true;
            }
            if (gpp.compareAndSet(this, null, WAIT)) {
                break;
            }
            Object old = gpp.getVolatile(this);
            if (old != READY && old != null) {
                throw Fatal.error("netpollblock: double wait");
            }
        }
        try {
            arm(op);
        } catch (IOException | RuntimeException e) {
            gpp.setVolatile(this, null); // no park follows: leave no waiter mark behind
            throw e;
        }
        return false;
    }

    /**
     * The second half of a wait: whether it ended by readiness (false: by close, deadline, or a
     * park the commit cancelled). Go: netpollblock after its gopark.
     */
    public boolean finishBlock(int mode) {
        Object old = (mode == MODE_READ ? RG : WG).getAndSet(this, null);
        if (old != null && old != READY && old != WAIT) {
            throw Fatal.error("netpollblock: corrupted state");
        }
        return old == READY;
    }

    /** WAIT→waiter once the waiter is parked; false (the park is cancelled) if something came first. */
    private boolean commitPark(VarHandle gpp, Waiter w) {
        if (!gpp.compareAndSet(this, WAIT, w)) {
            return false;
        }
        netpoll.waiters.incrementAndGet();
        if (w.goid() == 0 || w instanceof G && ((G) w).pinnedThread() != null) {
            netpoll.ensurePoller(); // no M of its own will go looking for work and poll
        }
        return true;
    }

    /**
     * Ends a wait in {@code mode}: with {@code ioready} a readiness (remembered as READY when
     * nobody waits), else a close or deadline (which only wakes a parked waiter). Returns the
     * waiter to ready, or null. Any thread. Go: netpollunblock.
     */
    Waiter unblock(int mode, boolean ioready) {
        VarHandle gpp = mode == MODE_READ ? RG : WG;
        for (;;) {
            Object old = gpp.getVolatile(this);
            if (old == READY) {
                return null;
            }
            if (old == null && !ioready) {
                return null; // only readiness is remembered for a later wait
            }
            if (gpp.compareAndSet(this, old, ioready ? READY : null)) {
                if (old == null || old == WAIT) {
                    return null;
                }
                netpoll.waiters.decrementAndGet();
                return (Waiter) old;
            }
        }
    }

    /** Registers the channel on first use, then adds {@code op} to its interest set. */
    private void arm(int op) throws IOException {
        SelectionKey k = key;
        if (k == null) {
            k = register();
            if (k == null) {
                return; // closing: the waiter's check() says so
            }
        }
        try {
            netpoll.armed(k.interestOpsOr(op), op);
        } catch (java.nio.channels.CancelledKeyException e) {
            // closed meanwhile: the waiter's check() says so
        }
    }

    private synchronized SelectionKey register() throws IOException {
        if (key == null && !closing) {
            try {
                key = channel.register(netpoll.selector(), 0, this);
            } catch (ClosedChannelException e) {
                return null;
            }
        }
        return key;
    }

    // ------------------------------------------------------------------ deadlines

    /**
     * Sets the deadline of the modes in {@code modes} (bit {@code 1 << MODE_READ},
     * {@code 1 << MODE_WRITE}): {@code none} clears it, else it is {@code nanos} in
     * {@link System#nanoTime} terms. A deadline already past expires at once and wakes the waiter.
     * Any thread. Go: poll_runtime_pollSetDeadline.
     */
    public void setDeadline(int modes, boolean none, long nanos) {
        Waiter r = null;
        Waiter w = null;
        boolean past = !none && nanos - System.nanoTime() <= 0;
        synchronized (this) {
            if (closing) {
                return;
            }
            if ((modes & (1 << MODE_READ)) != 0) {
                if (rt != null) {
                    rt.stop();
                }
                rd = nanos;
                rstate = none ? NO_DEADLINE : past ? EXPIRED : ARMED;
                if (rstate == ARMED) {
                    if (rt == null) {
                        rt = new RuntimeTimer(READ_DEADLINE, this);
                    }
                    rt.reset(nanos, 0);
                }
            }
            if ((modes & (1 << MODE_WRITE)) != 0) {
                if (wt != null) {
                    wt.stop();
                }
                wd = nanos;
                wstate = none ? NO_DEADLINE : past ? EXPIRED : ARMED;
                if (wstate == ARMED) {
                    if (wt == null) {
                        wt = new RuntimeTimer(WRITE_DEADLINE, this);
                    }
                    wt.reset(nanos, 0);
                }
            }
        }
        if (past) {
            if ((modes & (1 << MODE_READ)) != 0) {
                r = unblock(MODE_READ, false);
            }
            if ((modes & (1 << MODE_WRITE)) != 0) {
                w = unblock(MODE_WRITE, false);
            }
        }
        readyAll(r, w);
    }

    /** A deadline timer fired at {@code now}: expire the deadline unless it moved, and wake the waiter. On g0. Go: netpolldeadlineimpl. */
    private void deadlineFired(int mode, long now) {
        synchronized (this) {
            if (mode == MODE_READ) {
                if (rstate != ARMED || rd - now > 0) {
                    return; // cleared or moved later since the timer was armed
                }
                rstate = EXPIRED;
            } else {
                if (wstate != ARMED || wd - now > 0) {
                    return;
                }
                wstate = EXPIRED;
            }
        }
        Waiter w = unblock(mode, false);
        if (w != null) {
            w.ready();
        }
    }

    // ------------------------------------------------------------------ close

    /**
     * Marks the descriptor closing, wakes both waiters (their {@link #check} now says
     * {@link #ERR_CLOSING}) and stops the deadline timers. The caller then closes the channel and
     * calls {@link #closed}. Any thread, once. Go: poll_runtime_pollUnblock.
     */
    public void unblockForClose() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            if (rt != null) {
                rt.stop();
            }
            if (wt != null) {
                wt.stop();
            }
        }
        readyAll(unblock(MODE_READ, false), unblock(MODE_WRITE, false));
    }

    /**
     * The channel is closed: if it was registered, the selector must deregister its key to
     * release the descriptor; make that happen soon. Any thread. Go: poll_runtime_pollClose.
     */
    public void closed() {
        SelectionKey k;
        synchronized (this) {
            k = key;
        }
        if (k != null) {
            k.cancel();
            netpoll.deregistered();
        }
    }

    private static void readyAll(Waiter a, Waiter b) {
        if (a != null) {
            a.ready();
        }
        if (b != null) {
            b.ready();
        }
    }
}
