package io.gpm4j.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * {@code ThreadLocal}s belong to the goroutine, not to the carrier thread that happens to run it.
 *
 * <h2>The switch</h2>
 * A {@code ThreadLocal} keeps its values in two maps that hang off the {@link Thread}:
 * {@code Thread.threadLocals} and {@code Thread.inheritableThreadLocals}. Every time a goroutine
 * mounts ({@link Continuation#run} of a goroutine's continuation) the carrier's two maps are set
 * aside in the G and the goroutine's own two are put on the thread; when it unmounts (suspended,
 * finished or thrown) the thread's maps, which the goroutine's code may have created or replaced,
 * go back into the G and the carrier's are put back. So a value a goroutine sets is found again
 * after any park, on any carrier, and no other goroutine, nor the carrier's own code, ever sees
 * it. Quasar switched fibers the same way; the JDK's virtual threads keep the maps on the virtual
 * thread.
 *
 * <p>Cost: a goroutine that never touches a {@code ThreadLocal} has both maps null, and a carrier
 * M (made with {@code inheritThreadLocals=false}) usually has too, as has a Go.run thread (its
 * caller's maps are set aside for the call, {@link #setAside}): then a mount and an unmount are
 * each two reads of the thread's fields, two plain stores into the G and no store into the
 * thread. Nothing allocates. {@code bench/}'s {@code ThreadLocalSwitchBench} measures it.
 *
 * <h2>Life of the maps</h2>
 * A new goroutine starts with no {@code ThreadLocal} values, and with a copy of its creator's
 * {@code InheritableThreadLocal} values (each passed through {@code childValue}), as a new
 * {@code Thread} does: the creator is whatever runs {@code go}, a goroutine (whose map is on the
 * thread while it runs) or a plain thread ({@link #inherited}, from {@link Gs#newproc}). A dead G
 * drops its maps ({@link #clear}, from goexit0), so a reused G starts empty.
 *
 * <h2>Access</h2>
 * The fields are private to {@code java.lang}. Before the runtime boots, the agent opens
 * {@code java.lang} to a module of gpm4j's own ({@code Instrumentation.redefineModule}), not to the
 * class path the application shares with the runtime, and hands the runtime private lookups made
 * there ({@link ThreadFieldsGrant}), so users need no {@code --add-opens} and the application's
 * own access to {@code java.lang} is what it is without the agent. Without that access (the
 * runtime used without the agent and without {@code --add-opens java.base/java.lang=ALL-UNNAMED})
 * one warning is printed and {@code ThreadLocal}s stay per carrier thread, as they are with
 * {@code -Dgpm4j.threadlocals=carrier} (the opt-out, which prints nothing).
 *
 * <p>The runtime's own per-thread state never lives in {@code ThreadLocal}s on threads that run
 * goroutines (it would be switched away): {@link CarrierThread}'s fields and {@link GoRun}'s
 * table of Go.run threads hold it.
 *
 * <p>The JDK's own {@code ThreadLocal} caches follow the goroutine too, and a cache kept per
 * goroutine is kept while it parks. The one that mattered: on JDK 17 a channel's temporary direct
 * buffers ({@code sun.nio.ch.Util}'s buffer cache), about 8 KB per goroutine that ever read or
 * wrote a heap array, so {@code io.gpm4j.net} never hands a channel a heap array on an M
 * ({@link CarrierBuffer}). JDK 25 keeps that cache in a map of the thread that is not switched.
 *
 * <p>Go: none (Go has no thread-local storage; a goroutine's context travels in its arguments).
 */
final class GoroutineLocals {
    /** The system property: {@code carrier} keeps ThreadLocals per carrier thread. */
    static final String PROPERTY = "gpm4j.threadlocals";
    /** Whether the maps are switched: the fields are reachable and the opt-out is not set. */
    static final boolean ENABLED;
    /** Why the maps are not switched ("" when they are); for the warning and tests. */
    static final String MODE;

    /** {@code Thread.threadLocals}: (Thread) Object and (Thread, Object) void. */
    private static final MethodHandle GET_LOCALS;
    private static final MethodHandle SET_LOCALS;
    /** {@code Thread.inheritableThreadLocals}. */
    private static final MethodHandle GET_INHERITABLE;
    private static final MethodHandle SET_INHERITABLE;
    /** {@code ThreadLocal.createInheritedMap(ThreadLocalMap)}: (Object) Object. */
    private static final MethodHandle CREATE_INHERITED_MAP;

    static {
        MethodHandle[] handles = null;
        String mode;
        if ("carrier".equals(System.getProperty(PROPERTY))) {
            mode = "carrier (" + PROPERTY + "=carrier)";
        } else {
            try {
                handles = ThreadFieldsGrant.granted();
                if (handles == null) { // no agent: the access --add-opens gives the class path
                    handles = ThreadFieldsGrant.make(MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup()),
                            MethodHandles.privateLookupIn(ThreadLocal.class, MethodHandles.lookup()));
                }
                mode = "";
            } catch (ReflectiveOperationException | RuntimeException e) {
                mode = "carrier (no access to java.lang: " + e + ")";
                System.err.print("gpm4j: warning: ThreadLocals stay per carrier thread, not per goroutine: "
                        + "java.lang is not open to the runtime (run with the gpm4j agent, or with "
                        + "--add-opens java.base/java.lang=ALL-UNNAMED); " + e + "\n");
                System.err.flush();
            }
        }
        ENABLED = handles != null;
        MODE = mode;
        GET_LOCALS = ENABLED ? handles[0] : null;
        SET_LOCALS = ENABLED ? handles[1] : null;
        GET_INHERITABLE = ENABLED ? handles[2] : null;
        SET_INHERITABLE = ENABLED ? handles[3] : null;
        CREATE_INHERITED_MAP = ENABLED ? handles[4] : null;
    }

    private GoroutineLocals() {
    }

    /** The thread's {@code threadLocals} map (null: none). Only when {@link #ENABLED}. */
    static Object locals(Thread t) {
        try {
            return GET_LOCALS.invokeExact(t);
        } catch (Throwable e) {
            throw Fatal.error("GoroutineLocals.locals: " + e);
        }
    }

    /** The thread's {@code inheritableThreadLocals} map (null: none). Only when {@link #ENABLED}. */
    static Object inheritable(Thread t) {
        try {
            return GET_INHERITABLE.invokeExact(t);
        } catch (Throwable e) {
            throw Fatal.error("GoroutineLocals.inheritable: " + e);
        }
    }

    /**
     * {@code g} mounts on {@code t} (the calling thread), whose own maps the caller has read
     * ({@link #locals}, {@link #inheritable}) and keeps until {@link #unmount}: {@code g}'s maps
     * are put on the thread. The caller keeps the carrier's maps (on its stack, in
     * {@code Continuation.run}), not {@code g}: a parked goroutine carries no field for them.
     * Only when {@link #ENABLED}. Keeps: while a goroutine runs, the thread's maps are the
     * goroutine's.
     */
    static void mount(Thread t, G g, Object carrierLocals, Object carrierInheritable) {
        try {
            G.Rare rare = g.rareOrNull();
            Object mine = rare == null ? null : rare.threadLocals;
            if (mine != carrierLocals) {
                SET_LOCALS.invokeExact(t, mine);
            }
            mine = rare == null ? null : rare.inheritableThreadLocals;
            if (mine != carrierInheritable) {
                SET_INHERITABLE.invokeExact(t, mine);
            }
        } catch (Throwable e) {
            throw Fatal.error("GoroutineLocals.mount: " + e);
        }
    }

    /**
     * {@code g} leaves {@code t} (the calling thread), however its code ended: the thread's maps
     * go back into {@code g} and the carrier's, as {@link #mount} was given them, are put back.
     * Keeps: outside a goroutine's code, the thread's maps are its own.
     */
    static void unmount(Thread t, G g, Object carrierLocals, Object carrierInheritable) {
        try {
            Object locals = GET_LOCALS.invokeExact(t);
            Object inheritable = GET_INHERITABLE.invokeExact(t);
            if (locals != null || inheritable != null) {
                G.Rare rare = g.rare();
                rare.threadLocals = locals;
                rare.inheritableThreadLocals = inheritable;
            } else {
                clear(g);
            }
            if (carrierLocals != locals) {
                SET_LOCALS.invokeExact(t, carrierLocals);
            }
            if (carrierInheritable != inheritable) {
                SET_INHERITABLE.invokeExact(t, carrierInheritable);
            }
        } catch (Throwable e) {
            throw Fatal.error("GoroutineLocals.unmount: " + e);
        }
    }

    /**
     * Takes the calling thread's own maps off it for as long as it serves as an M (a Go.run
     * call): its scheduler code then runs with none, as a carrier's does, so that a switch
     * between goroutines that have no values stores nothing into the thread. Otherwise every
     * mount would store null over the caller's map and every unmount store it back, each store
     * paying the collector's write barrier (on G1 a fence for an old thread: 6 to 8 ns per
     * gosched, {@code ThreadLocalSwitchBench}). The caller's values are out of reach only of
     * the runtime's own code meanwhile: its goroutines never saw them. Returns the maps for
     * {@link #putBack}, or null when the maps are not switched.
     */
    static Object[] setAside(Thread t) {
        if (!ENABLED) {
            return null;
        }
        Object[] maps = {locals(t), inheritable(t)};
        install(t, null, null);
        return maps;
    }

    /**
     * Ends {@link #setAside} ({@code maps} null: nothing was set aside): the caller's maps go
     * back on the thread; whatever the runtime's code created on it meanwhile (its caches) is
     * dropped. Keeps: after a Go.run call its caller's ThreadLocals are as they were.
     */
    static void putBack(Thread t, Object[] maps) {
        if (maps != null) {
            install(t, maps[0], maps[1]);
        }
    }

    private static void install(Thread t, Object locals, Object inheritable) {
        try {
            SET_LOCALS.invokeExact(t, locals);
            SET_INHERITABLE.invokeExact(t, inheritable);
        } catch (Throwable e) {
            throw Fatal.error("GoroutineLocals.install: " + e);
        }
    }

    /**
     * The {@code InheritableThreadLocal} map a goroutine created now by the calling thread starts
     * with: a copy of the thread's current one (a goroutine's own while it runs), or null when it
     * has none or the maps are not switched. Runs the values' {@code childValue}. Go: none (as
     * {@code new Thread} does).
     */
    static Object inherited() {
        if (!ENABLED) {
            return null;
        }
        try {
            Object parent = GET_INHERITABLE.invokeExact(Thread.currentThread());
            return parent == null ? null : (Object) CREATE_INHERITED_MAP.invokeExact(parent);
        } catch (RuntimeException | Error e) {
            throw e; // a childValue that threw: the caller of go sees it, as a Thread constructor's would
        } catch (Throwable e) {
            throw Fatal.error("GoroutineLocals.inherited: " + e);
        }
    }

    /** A dead G drops its goroutine's values (they may hold user objects); a reused G starts empty. */
    static void clear(G g) {
        G.Rare rare = g.rareOrNull();
        if (rare != null) {
            rare.threadLocals = null;
            rare.inheritableThreadLocals = null;
        }
    }
}
