package io.gpm4j.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Internal: not part of the public API; public because the agent's premain, in another package,
 * hands the runtime its access to {@code Thread}'s ThreadLocal maps here.
 *
 * <p>The agent opens {@code java.lang} to a module of gpm4j's own, not to the class path (where
 * the runtime and the application share one unnamed module, so opening it to the runtime would
 * open it to every class of the application: a library that probes {@code setAccessible} on
 * {@code java.lang} would behave otherwise under the agent than without it). A class in that
 * module makes private lookups in {@code Thread} and {@code ThreadLocal} and passes them to
 * {@link #grant}, which turns them at once into the handles {@link GoroutineLocals} uses and keeps
 * only those. The runtime reads them once, as it boots; a grant after that changes nothing.
 */
public final class ThreadFieldsGrant {
    /** {@link GoroutineLocals}' handles, made from the granted lookups; null until a grant. */
    private static volatile MethodHandle[] handles;

    private ThreadFieldsGrant() {
    }

    /**
     * Takes private lookups in {@code Thread} and {@code ThreadLocal}. Never throws: lookups that
     * do not give the handles are ignored (the runtime then tries its own access, and failing
     * that keeps ThreadLocals per carrier thread with a warning).
     */
    public static void grant(MethodHandles.Lookup thread, MethodHandles.Lookup threadLocal) {
        try {
            handles = make(thread, threadLocal);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not the access it takes: left as if never granted
        }
    }

    /**
     * The five handles, typed with Object in place of the package-private ThreadLocalMap, from
     * private lookups in {@code Thread} and {@code ThreadLocal}. Here, not in
     * {@link GoroutineLocals}, so that a grant does not initialise that class before it is made.
     */
    static MethodHandle[] make(MethodHandles.Lookup thread, MethodHandles.Lookup threadLocal)
            throws ReflectiveOperationException {
        Class<?> map = Class.forName("java.lang.ThreadLocal$ThreadLocalMap");
        MethodType get = MethodType.methodType(Object.class, Thread.class);
        MethodType set = MethodType.methodType(void.class, Thread.class, Object.class);
        return new MethodHandle[] {
            thread.findGetter(Thread.class, "threadLocals", map).asType(get),
            thread.findSetter(Thread.class, "threadLocals", map).asType(set),
            thread.findGetter(Thread.class, "inheritableThreadLocals", map).asType(get),
            thread.findSetter(Thread.class, "inheritableThreadLocals", map).asType(set),
            threadLocal.findStatic(ThreadLocal.class, "createInheritedMap", MethodType.methodType(map, map))
                    .asType(MethodType.methodType(Object.class, Object.class)),
        };
    }

    /** The handles made from a grant, or null. */
    static MethodHandle[] granted() {
        return handles;
    }
}
