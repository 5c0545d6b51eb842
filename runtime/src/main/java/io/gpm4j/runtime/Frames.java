package io.gpm4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Internal: not part of the public API; public because rewritten code, in any package, calls it.
 *
 * <p>The static entry points that rewritten methods call. Not for applications: the agent emits
 * these calls, and their names and descriptors are part of the contract between the agent and
 * the runtime: {@link RuntimeNames} holds them, and the agent emits them from there.
 *
 * <p>Every method here is tiny so that the JIT inlines it into the rewritten frame. The shape
 * of a rewritten method, in Java terms:
 * <pre>{@code
 *   Continuation c = null;
 *   if (Frames.mounted != 0 && (c = Frames.enter(id("m"), "pkg/Owner.m@3")) != null && Frames.attention(c)) {
 *     if (Frames.restoring(c)) goto restore; // pops the site index, the locals and the stack
 *     if (Frames.preempt(c)) {             // the prologue's preemption point
 *       site_0:
 *       if (Frames.suspendAtPoint()) goto save_0;
 *     }
 *   }
 *   ...
 *   site_i:
 *   Frames.call(c, id("callee"));
 *   callee(args);
 *   if (Frames.returned(c)) goto save_i;   // pushes stack, locals, site index; returns
 *   ...
 *   if (Frames.preemptAtBackEdge(c)) {     // a loop's back-edge
 *     site_j:
 *     if (Frames.suspendAtPoint()) goto save_j;
 *   }
 * }</pre>
 *
 * <p>The methods take a null continuation where the frame may run detached, so that the frame
 * need not test it first: the bytecode of each site is as short as it can be (a rewritten
 * method's size counts against the JIT's inlining budgets: C2 inlines a hot callee of at most
 * {@code FreqInlineSize}, 325 bytes), and the inlined machine code is the same.
 */
public final class Frames {
    /**
     * How many continuations are mounted on any thread. Rewritten prologues read it plainly as a
     * hint: zero means no continuation can be running on this thread, so the frame skips all
     * continuation work. A thread always sees its own increments (program order); another
     * thread's increments only send it down the slow path, which looks at its own state.
     */
    public static int mounted;

    private static final VarHandle MOUNTED;

    static {
        try {
            MOUNTED = MethodHandles.lookup().findStaticVarHandle(Frames.class, "mounted", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Frames() {
    }

    static void mounted(int delta) {
        MOUNTED.getAndAdd(delta);
    }

    /**
     * The prologue's slow path: the continuation this frame takes part in, or null when the frame
     * runs detached (no continuation mounted, or its caller did not hand it the token because that
     * caller cannot be resumed).
     *
     * @param self the number of the method's own name ({@link MethodNames})
     * @param key  {@link LambdaTargets#key}: {@code owner/Internal.name@loaderTag}, to look up the
     *             interface methods a lambda body or method reference implements
     */
    public static Continuation enter(int self, String key) {
        return enter(self, self, key);
    }

    /**
     * {@link #enter(int, String)} for a method that a lambda or method reference of its own class
     * targets (a lambda body, most often a goroutine's): {@code implemented} numbers the interface
     * method the proxy forwards ({@code run} for a {@code Runnable}), the token a call through the
     * proxy carries. Checked before {@link LambdaTargets#implementsName}, which would answer the
     * same, so that resuming a goroutine whose body is a lambda does not look it up each time.
     */
    public static Continuation enter(int self, int implemented, String key) {
        Continuation c = Continuation.current();
        if (c == null) {
            return null;
        }
        int token = c.token;
        c.token = MethodNames.NONE;
        if (token == self || token == implemented
                || (token != MethodNames.NONE && LambdaTargets.implementsName(key, self, token))) {
            return c;
        }
        return null;
    }

    /**
     * The entry of a method the rewrite split in two (one that its own class calls directly and
     * nothing overrides: static, private, final): the continuation to hand the method's body, looked up as a prologue
     * does ({@link #enter(int, String)}), or null. The body itself takes the continuation as its
     * last argument and makes no lookup; calls from its own class pass theirs straight in.
     */
    public static Continuation entry(int self, String key) {
        return mounted == 0 ? null : enter(self, self, key);
    }

    /** {@link #entry(int, String)} for a method that a lambda or method reference of its own class targets. */
    public static Continuation entry(int self, int implemented, String key) {
        return mounted == 0 ? null : enter(self, implemented, key);
    }

    /**
     * After a direct call (the continuation passed as an argument, no token): true when the
     * continuation is unwinding; false when the frame runs detached ({@code c} null). The direct
     * call's whole handshake: no token to hand over before it, none to clear after it.
     */
    public static boolean unwinding(Continuation c) {
        return c != null && c.capturing;
    }

    /**
     * A preemption point of a rewritten frame ({@code c} is the frame's continuation, non-null):
     * whether its goroutine must yield now. When true, the goroutine has been told to (its M will
     * put it on the global queue), and the frame must call {@link #suspendAtPoint()} at once,
     * as a resumable call site. A request that is not for a goroutine (a plain
     * {@link Continuation}) is dropped. With chaos mode on ({@link Chaos}), also true at about one
     * in N points at random. Go: the stack-guard check in a function prologue that leads to
     * newstack → gopreempt_m.
     */
    public static boolean preempt(Continuation c) {
        return (c.preemptHint || Chaos.ENABLED && Chaos.flip(c)) && Preemption.preempting(c);
    }

    /**
     * {@link #preempt} at a loop's back-edge, while the points are armed ({@link BackEdges}):
     * {@link #testAtBackEdge}; disarmed, the constant false, which the JIT folds away. False for
     * a frame running detached ({@code c} null).
     */
    public static boolean preemptAtBackEdge(Continuation c) {
        try {
            return (boolean) BackEdges.TEST.invokeExact(c);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t); // the test declares nothing checked
        }
    }

    /**
     * The armed back-edge test: {@link #preempt}'s (false for a null {@code c}), reading the volatile request so that the JIT
     * cannot hoist the read out of the loop (a plain read could be, and the loop would never see
     * sysmon's request).
     */
    static boolean testAtBackEdge(Continuation c) {
        return c != null && (c.preempt || Chaos.ENABLED && Chaos.flip(c))
                && Preemption.preempting(c);
    }

    /**
     * A preemption point's suspension, after its test said yes (or when a resume comes back to
     * it): {@link Continuation#suspend()} with the call handshake made inside. Returns true when
     * the frame must save itself and return. A resumable call site without arguments, so that
     * the point costs its frame no more bytecode than the call and its test.
     */
    public static boolean suspendAtPoint() {
        return Continuation.suspendAtPoint();
    }

    /**
     * The prologue's one test: whether the frame must look closer, because a resume is rebuilding
     * it ({@link #restoring}) or a preemption may be due ({@link #preempt}); with chaos mode on,
     * always. Go: the prologue's compare against g.stackguard0.
     */
    public static boolean attention(Continuation c) {
        return c.attention || Chaos.ENABLED;
    }

    /** Whether the frame is being rebuilt by a resume (the prologue then dispatches). */
    public static boolean restoring(Continuation c) {
        return c.restoring;
    }

    /**
     * The call handshake: a resumable call site names the method it is about to call. Nothing
     * when the frame runs detached ({@code c} null).
     */
    public static void call(Continuation c, int callee) {
        if (c != null) {
            c.token = callee;
        }
    }

    /**
     * After a suspendable call returned: true when the continuation is unwinding (the caller
     * then saves its frame and returns); false when the frame runs detached ({@code c} null).
     * Clears an unconsumed token so that it cannot be taken later by a frame that the call did
     * not reach directly.
     */
    public static boolean returned(Continuation c) {
        if (c == null) {
            return false;
        }
        c.token = MethodNames.NONE;
        return c.capturing;
    }

    // ---- saving a frame: values are pushed innermost frame first, each frame's stack then locals

    public static void pushInt(int v, Continuation c) {
        int top = c.primitiveTop;
        int[] store = c.primitives;
        if (top == store.length) {
            store = c.primitives = Arrays.copyOf(store, top * 2);
        }
        store[top] = v;
        c.primitiveTop = top + 1;
    }

    public static void pushFloat(float v, Continuation c) {
        pushInt(Float.floatToRawIntBits(v), c);
    }

    public static void pushDouble(double v, Continuation c) {
        pushLong(Double.doubleToRawLongBits(v), c);
    }

    /** Two slots: the low word, then the high word on top. */
    public static void pushLong(long v, Continuation c) {
        int top = c.primitiveTop;
        int[] store = c.primitives;
        if (top + 2 > store.length) {
            store = c.primitives = Arrays.copyOf(store, Math.max(top * 2, top + 2));
        }
        store[top] = (int) v;
        store[top + 1] = (int) (v >>> 32);
        c.primitiveTop = top + 2;
    }

    public static void pushObject(Object v, Continuation c) {
        int top = c.referenceTop;
        Object[] store = c.references;
        if (top == store.length) {
            store = c.references = Arrays.copyOf(store, top * 2);
        }
        store[top] = v;
        c.referenceTop = top + 1;
    }

    // ---- saving a frame's locals: the continuation comes first and is returned for the next

    public static Continuation saveInt(Continuation c, int v) {
        pushInt(v, c);
        return c;
    }

    public static Continuation saveLong(Continuation c, long v) {
        pushLong(v, c);
        return c;
    }

    public static Continuation saveFloat(Continuation c, float v) {
        pushFloat(v, c);
        return c;
    }

    public static Continuation saveDouble(Continuation c, double v) {
        pushDouble(v, c);
        return c;
    }

    public static Continuation saveObject(Continuation c, Object v) {
        pushObject(v, c);
        return c;
    }

    /**
     * Ends a save block: the index of the site, popped first by the frame's restore. The index
     * comes first: the block loads it before the continuation it chains its locals on.
     */
    public static void saveSite(int site, Continuation c) {
        pushInt(site, c);
    }

    // ---- restoring a frame: the reverse order; references are cleared as they are taken

    public static int popInt(Continuation c) {
        int top = c.primitiveTop - 1;
        if (top < 0) {
            throw underflow();
        }
        c.primitiveTop = top;
        return c.primitives[top];
    }

    public static float popFloat(Continuation c) {
        return Float.intBitsToFloat(popInt(c));
    }

    public static double popDouble(Continuation c) {
        return Double.longBitsToDouble(popLong(c));
    }

    public static long popLong(Continuation c) {
        int top = c.primitiveTop - 2;
        if (top < 0) {
            throw underflow();
        }
        c.primitiveTop = top;
        int[] store = c.primitives;
        return (store[top] & 0xFFFF_FFFFL) | ((long) store[top + 1] << 32);
    }

    public static Object popObject(Continuation c) {
        int top = c.referenceTop - 1;
        if (top < 0) {
            throw underflow();
        }
        Object v = c.references[top];
        c.references[top] = null;
        c.referenceTop = top;
        return v;
    }

    /** A saved site index that the method does not have: the class changed under a suspension. */
    public static IllegalStateException badSite(int site, String method) {
        return new IllegalStateException("gpm4j: no resume point " + site + " in " + method);
    }

    private static IllegalStateException underflow() {
        return new IllegalStateException("gpm4j: frame store underflow while resuming");
    }
}
