package io.gpm4j.runtime;

import java.util.Objects;

/**
 * A body of code that can stop in the middle ({@link #suspend()}) and later go on from where it
 * stopped ({@link #run()}), on the same thread or another one. It is the primitive under a
 * goroutine: the scheduler runs a G by running its continuation, and a G parks by suspending it.
 *
 * <h2>How a suspension works</h2>
 * The agent rewrites every method that may suspend (see {@code io.gpm4j.agent.rewrite}). While
 * such a method runs in a continuation it keeps the continuation in a local; at each call that
 * may suspend it leaves the callee's name in {@link #token} (the <em>call handshake</em>), and
 * after the call it asks whether the continuation is now unwinding. {@link #suspend()} only sets
 * that flag and returns. Each rewritten frame on the way out then pushes its locals and operand
 * stack into this object's typed frame store and returns a dummy value, until {@link #run()}
 * returns {@code false}. To resume, {@code run()} calls the body again with {@link #restoring}
 * set: each rewritten frame's prologue pops its saved values, jumps back to the call it left and
 * calls it again, down to the {@code suspend()} call, which returns normally.
 *
 * <h2>Pinning: detecting a frame that cannot be resumed</h2>
 * A frame that was not rewritten (a JDK frame such as {@code List.forEach}, a reflective call,
 * a constructor, an excluded class) or a rewritten frame holding a monitor cannot be unwound and
 * rebuilt. It never leaves a token for its callee, so the first rewritten frame it calls finds
 * the token missing or naming another method, and runs <em>detached</em>: as if outside any
 * continuation, leaving no tokens itself. {@code suspend()} therefore sees a missing token exactly
 * when some frame between it and the entry cannot be resumed, and calls the continuation's
 * {@link PinHandler} instead of unwinding anything. Nothing is unwound and no user code runs twice.
 *
 * <p>Cost: one field store per suspendable call and one field load in the prologue of each
 * rewritten method, only while a continuation is mounted; nothing else. A call within one class
 * of a method nothing overrides (static, private, final) costs less still: the agent splits such
 * a method and the call passes the continuation as an argument, with no token and no lookup (the
 * direct call convention, {@code io.gpm4j.agent.rewrite.DirectCalls}). A name can collide (an
 * unrewritten wrapper whose method has the same name as the rewritten method it calls); the
 * strict mode ({@code -Dgpm4j.strict=true}) walks the stack at every suspension to catch such
 * holes in tests. Pure forwarders (lambda proxy classes, bridge methods) need no handshake of
 * their own: the agent records which lambda bodies and method references implement which
 * interface method, and a body accepts that name too.
 *
 * <p>A continuation is not thread safe: one thread at a time may run it.
 *
 * <p>Go: the {@code g}'s saved context ({@code gobuf}) and the switch in and out of it
 * ({@code gogo}, {@code mcall}).
 */
public sealed class Continuation permits G {
    /**
     * What a continuation does instead of suspending when a frame between the suspension point and
     * its entry cannot be resumed (see the class comment). The continuation stays mounted; when
     * {@link #pinned} returns, {@link #suspend()} returns to its caller as if it had been resumed.
     * The scheduler's handler blocks the goroutine's carrier thread; the default one (that of
     * {@link #Continuation(Runnable)}) throws.
     */
    @FunctionalInterface
    public interface PinHandler {
        /**
         * Called on the thread running the continuation, in place of the suspension.
         *
         * @param reason why the frame cannot be resumed
         * @param frame  the innermost frame that blocks the suspension, or null when unknown
         */
        void pinned(PinReason reason, StackTraceElement frame);
    }

    /** The default pin handler: an {@link IllegalStateException} naming the frame and the reason. */
    private static final PinHandler THROW = (reason, frame) -> {
        throw new IllegalStateException("cannot suspend: the frame "
                + (frame == null ? "<unknown>" : frame.toString()) + " " + reason.description());
    };

    /**
     * The innermost continuation on a plain thread that is no Go.run thread (those never run a
     * goroutine, so their ThreadLocal maps are their own); Go.run threads keep it in
     * {@link M#mounted}, carriers in {@link CarrierThread#mounted}.
     */
    private static final ThreadLocal<Continuation> MOUNTED = new ThreadLocal<>();
    private static final boolean STRICT = Boolean.getBoolean("gpm4j.strict");
    private static final java.lang.invoke.VarHandle PLAIN_MOUNTS;

    static {
        try {
            PLAIN_MOUNTS = java.lang.invoke.MethodHandles.lookup()
                    .findStaticVarHandle(Continuation.class, "mountedOnPlainThreads", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Continuations mounted on threads that are not {@link CarrierThread}s. */
    private static int mountedOnPlainThreads;

    /**
     * The code to run. A plain continuation made with its own pin handler keeps the pair here as
     * a {@link HandledBody}, so that no continuation, and no G, carries a handler field that only
     * the rare pinned suspension reads; a G's handler is {@link G#pinned}.
     */
    private Runnable body;
    /** Set by a rewritten call site to the number of the name of the method it calls; consumed by the callee. */
    int token;
    /** True from a {@code suspend()} until {@code run()} returns: frames are saving themselves. */
    boolean capturing;
    /** True from a resuming {@code run()} until {@code suspend()} is reached again. */
    boolean restoring;
    /**
     * Set by sysmon (any thread) when the goroutine has run too long; cleared when it is honoured
     * or the goroutine is scheduled again ({@link #requestPreempt}, {@link #clearPreempt}). Read
     * by a loop's back-edge point ({@link Frames#preemptAtBackEdge}): volatile, so that the JIT
     * cannot hoist the read out of the loop. Go: g.preempt.
     */
    volatile boolean preempt;
    /**
     * The same request, as a plain field, for a prologue's point ({@link Frames#preempt}), which
     * reads it plainly as Go's prologue reads {@code g.stackguard0}: a volatile read there is an
     * acquire that keeps the JIT from sharing loads between the inlined frames of call-heavy code
     * ({@code PreemptBench} fib mounted: 1.49x its time without points with the volatile read,
     * 0.95x with a plain one, errors 19 to 24 %). Nothing hoists a prologue's read for long: a loop around an inlined
     * call is a loop of a rewritten method, whose back-edge reads {@link #preempt}. (One field
     * read through a VarHandle in both modes was tried: its volatile read cost a summing loop
     * 1.28x, where the volatile field costs nothing measurable.) Go: g.stackguard0 = stackPreempt.
     */
    boolean preemptHint;
    /**
     * Whether a rewritten prologue must look closer ({@link Frames#attention}): true while
     * {@link #restoring} and while a preemption hint is pending ({@link #preemptHint}), so that a
     * prologue makes one load and one test for both in the common case (fib in a goroutine: 1.09x
     * its plain time with the two read apart, bench/README.md "Direct calls"). Never false while
     * restoring: only the owner clears it, and only when it has just cleared {@code restoring} or
     * the hint. Another thread only sets it. A hint lost to a race (the owner's
     * {@code attention = preemptHint} read the hint just before sysmon set it) is asked for again
     * at sysmon's next look, and a loop's back-edge reads the volatile {@link #preempt} anyway.
     * Go: g.stackguard0, which stackPreempt poisons so that one compare serves both checks.
     */
    boolean attention;

    /**
     * The frame store: primitives (as raw bits, in int slots: a long or a double takes two, low
     * word first) and references, each a stack. Int slots, because most of what frames save there
     * is ints, each frame's site index first: a goroutine parked four frames deep fits the first
     * {@code int[4]} (32 bytes; a {@code long[4]} took 48).
     */
    int[] primitives = new int[4];
    int primitiveTop;
    Object[] references = new Object[4];
    int referenceTop;

    /** Where the continuation is in its life: {@link #NEW}, {@link #RUNNING}, {@link #SUSPENDED} or {@link #DONE}. */
    private byte phase = NEW;

    /** Not yet run. */
    private static final byte NEW = 0;
    /** Inside {@link #run()}. */
    private static final byte RUNNING = 1;
    /** {@link #run()} returned false: the body waits at a {@link #suspend()}. */
    private static final byte SUSPENDED = 2;
    /** The body finished, normally or by an exception. */
    private static final byte DONE = 3;

    /**
     * @param body the code to run; it may call {@link #suspend()} at any depth of rewritten frames.
     */
    public Continuation(Runnable body) {
        this(body, THROW);
    }

    /**
     * @param body     the code to run; it may call {@link #suspend()} at any depth of rewritten frames.
     * @param onPinned called instead of suspending when a frame on the way cannot be resumed
     */
    public Continuation(Runnable body, PinHandler onPinned) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(onPinned, "onPinned");
        this.body = onPinned == THROW ? body : new HandledBody(body, onPinned);
    }

    /**
     * A plain continuation's body and its own pin handler: see {@link #body}. {@link #run()}
     * calls the body itself, so that no unrewritten frame stands between them.
     */
    private record HandledBody(Runnable body, PinHandler onPinned) implements Runnable {
        @Override
        public void run() {
            throw new AssertionError("Continuation.run calls the body itself");
        }
    }

    /**
     * In place of a suspension that a frame on the way cannot take (see the class comment): the
     * continuation's pin handler. A G overrides it (its carrier blocks).
     */
    void pinned(PinReason reason, StackTraceElement frame) {
        PinHandler handler = body instanceof HandledBody ? ((HandledBody) body).onPinned : THROW;
        handler.pinned(reason, frame);
    }

    /**
     * Runs the body, or resumes it where it last suspended, on the calling thread.
     *
     * @return {@code true} when the body has finished, {@code false} when it suspended
     * @throws IllegalStateException when the continuation is done or already running
     * @throws RuntimeException      or {@link Error}: whatever the body throws, after which the
     *                               continuation is done
     */
    public boolean run() {
        Thread thread = Thread.currentThread();
        // a Go.run thread keeps what is mounted in its M, another plain thread in MOUNTED
        return run(thread, thread instanceof CarrierThread ? null : GoRun.threadM(thread));
    }

    /**
     * {@link #run()} by the scheduler, on {@code m}'s own thread: it knows the M, so a Go.run
     * thread is not looked up in the table of Go.run threads at every switch.
     */
    final boolean runOn(M m) {
        Thread thread = m.thread;
        return run(thread, thread instanceof CarrierThread ? null : m);
    }

    /** {@link #run()} on {@code thread}, the calling thread, whose M is {@code runM} if it is a Go.run thread. */
    private boolean run(Thread thread, M runM) {
        byte from = phase;
        if (from == DONE) {
            throw new IllegalStateException("continuation is done");
        }
        if (from == RUNNING) {
            throw new IllegalStateException("continuation is already running");
        }
        phase = RUNNING;
        boolean plain = !(thread instanceof CarrierThread);
        // each run() counts in the two shared hints unless something holds them for its thread,
        // sparing the atomic updates per switch: a carrier's M holds the mounted hint for as long
        // as it runs goroutines, a Go.run thread both hints for its whole call (goRunThread)
        boolean countsPlainMount = plain && runM == null;
        boolean countsMountedHint = countsPlainMount || !plain && !((CarrierThread) thread).holdsMountedHint;
        if (countsPlainMount) {
            PLAIN_MOUNTS.getAndAdd(1);
        }
        // the continuation this one nests in, remounted at the end: a local, not a field, since
        // it matters only while this call runs
        Continuation parent = mountOn(thread, runM, this);
        // a goroutine's ThreadLocals travel with it, on an M (a carrier or a Go.run thread, where
        // no ThreadLocal says what is mounted); a goroutine's continuation that a test hook runs
        // on another thread keeps that thread's maps, in which MOUNTED finds it
        G g = this instanceof G ? (G) this : null;
        boolean locals = g != null && GoroutineLocals.ENABLED && (!plain || runM != null);
        Object carrierLocals = null;
        Object carrierInheritable = null;
        if (locals) {
            carrierLocals = GoroutineLocals.locals(thread);
            carrierInheritable = GoroutineLocals.inheritable(thread);
            GoroutineLocals.mount(thread, g, carrierLocals, carrierInheritable);
        }
        if (countsMountedHint) {
            Frames.mounted(+1);
        }
        restoring = from == SUSPENDED;
        if (restoring) {
            attention = true;
        }
        byte to = DONE;
        try {
            Runnable code = body instanceof HandledBody ? ((HandledBody) body).body : body;
            token = MethodNames.RUN;
            code.run();
            token = MethodNames.NONE;
            if (capturing) {
                capturing = false;
                to = SUSPENDED;
                return false;
            }
            if (restoring) {
                throw new IllegalStateException("gpm4j: resume did not reach the suspension point; "
                        + "was a method redefined while the continuation was suspended?");
            }
            return true;
        } catch (Throwable t) {
            clearFrames();
            throw t;
        } finally {
            if (countsMountedHint) {
                Frames.mounted(-1);
            }
            if (locals) {
                GoroutineLocals.unmount(thread, g, carrierLocals, carrierInheritable);
            }
            mountOn(thread, runM, parent);
            if (countsPlainMount) {
                PLAIN_MOUNTS.getAndAdd(-1);
            }
            phase = to;
        }
    }

    /**
     * A thread enters ({@code +1}) or leaves ({@code -1}) a Go.run call, in which it serves as an M
     * and mounts goroutines: it counts once in both hints for the whole call (see {@link #run()}),
     * before {@link GoRun#threadM} finds it and after it no longer does.
     */
    static void goRunThread(int delta) {
        PLAIN_MOUNTS.getAndAdd(delta);
        Frames.mounted(delta);
    }

    /**
     * Asks for a preemption at the next point: the plain hint first, then the volatile request
     * that publishes it, then the loops' back-edge points are armed if they were not. Any thread.
     */
    void requestPreempt() {
        preemptHint = true;
        attention = true;
        preempt = true;
        BackEdges.requested();
    }

    /**
     * Drops a pending preemption request. The scheduler drops any at every switch, and it is
     * nearly always none: the volatile store (a full fence on x86) only when there is one.
     */
    void clearPreempt() {
        if (preemptHint || preempt) {
            preemptHint = false;
            attention = restoring;
            preempt = false;
        }
    }

    /** Whether the body has finished (normally or by an exception). */
    public boolean isDone() {
        return phase == DONE;
    }

    /**
     * Suspends the innermost continuation running on this thread: its {@link #run()} returns
     * {@code false}, and the next {@code run()} returns from this call. When a frame on the way
     * cannot be resumed, calls that continuation's {@link PinHandler} instead and returns when it
     * returns.
     *
     * @throws IllegalStateException outside a continuation, or (by default) when pinned
     */
    public static void suspend() {
        Continuation c = current();
        if (c == null) {
            throw new IllegalStateException("Continuation.suspend() called outside a continuation");
        }
        int t = c.token;
        c.token = MethodNames.NONE;
        if (c.restoring) {
            c.resumed();
            return;
        }
        if (t != MethodNames.SUSPEND) {
            Pinning.Blocker blocker = Pinning.find();
            c.pinned(blocker.reason(), blocker.frame());
            return;
        }
        c.capture();
    }

    /**
     * {@link #suspend()} from a preemption point of a rewritten frame ({@link Frames#suspendAtPoint}),
     * whose continuation is mounted on this thread and which makes the call handshake itself: its
     * {@code c != null} was the proof. Returns whether the frame must now save itself and return.
     */
    static boolean suspendAtPoint() {
        Continuation c = current();
        c.token = MethodNames.NONE;
        if (c.restoring) {
            c.resumed();
            return false;
        }
        c.capture();
        return c.capturing;
    }

    /**
     * Starts unwinding from a suspension whose frames can all be resumed, unless the goroutine
     * holds a lock its carrier owns (it is then pinned, and this returns when it is resumed).
     */
    private void capture() {
        if (CarrierLocks.CHECK && this instanceof G) {
            G g = (G) this;
            String lock = CarrierLocks.takenByGoroutine(g.m);
            if (lock != null) {
                CarrierLocks.warn(g, lock);
                pinned(PinReason.LOCK, null);
                return;
            }
        }
        if (STRICT) {
            Pinning.verifyResumable();
        }
        capturing = true;
    }

    /** The innermost continuation running on the calling thread, or null. */
    static Continuation current() {
        Thread t = Thread.currentThread();
        if (t instanceof CarrierThread) {
            return ((CarrierThread) t).mounted;
        }
        // Plain read: this thread sees its own increments; while continuations run only on
        // carriers (the scheduler's case), other threads skip the lookups.
        if (mountedOnPlainThreads == 0) {
            return null;
        }
        // a Go.run thread runs goroutines, whose ThreadLocal maps replace its own: its M says
        M m = GoRun.threadM(t);
        return m != null ? m.mounted : MOUNTED.get();
    }

    /**
     * Makes {@code c} the innermost continuation on {@code thread} (the calling thread), whose M
     * is {@code runM} if it is a Go.run thread; returns the one it replaces.
     */
    private static Continuation mountOn(Thread thread, M runM, Continuation c) {
        Continuation previous;
        if (thread instanceof CarrierThread) {
            CarrierThread carrier = (CarrierThread) thread;
            previous = carrier.mounted;
            carrier.mounted = c;
        } else {
            M m = runM;
            if (m != null) {
                previous = m.mounted;
                m.mounted = c;
            } else {
                // set(null), not remove(): a removed entry is re-created (allocated) by the next
                // set(), once per run() of a continuation on a thread that is not a CarrierThread
                previous = MOUNTED.get();
                MOUNTED.set(c);
            }
        }
        return previous;
    }

    /** The resume reached {@code suspend()}: every saved frame must have been restored. */
    private void resumed() {
        restoring = false;
        attention = preemptHint;
        if (primitiveTop != 0 || referenceTop != 0) {
            throw new IllegalStateException("gpm4j: resume left " + primitiveTop + " primitive and "
                    + referenceTop + " reference slots unrestored");
        }
    }

    private void clearFrames() {
        if (referenceTop != 0) { // a finished continuation restored them all: nothing to clear, the array not touched
            java.util.Arrays.fill(references, 0, referenceTop, null);
            referenceTop = 0;
        }
        primitiveTop = 0;
        capturing = false;
        restoring = false;
        attention = preemptHint;
    }

    /**
     * Gives a continuation that has not started, or has finished, a new body to run from the
     * start, so that the scheduler reuses it for a new goroutine without allocating.
     * Go: gfget reusing a dead g.
     */
    void reset(Runnable newBody) {
        if (phase == RUNNING || phase == SUSPENDED) {
            throw new IllegalStateException("reset: continuation is running or suspended");
        }
        clearFrames();
        body = Objects.requireNonNull(newBody, "body");
        token = MethodNames.NONE;
        phase = NEW;
    }
}
