package io.gpm4j.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Internal: not part of the public API; public because the agent numbers method names while it
 * rewrites.
 *
 * <p>Numbers for method names, the currency of the call handshake: a rewritten call site hands its
 * callee the number of the callee's name, and the callee compares it with its own. A number, not
 * the name itself, so that handing it over is a primitive store with no GC write barrier. The
 * agent numbers names while it rewrites; numbers are valid for the life of the JVM.
 */
public final class MethodNames {
    /** No token: the caller could not be resumed, or made no suspendable call. */
    static final int NONE = 0;

    private static final ConcurrentHashMap<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger(1);

    /** {@code Runnable.run}: the name {@code Continuation.run} hands to its body. */
    static final int RUN = id(RuntimeNames.RUNNABLE_RUN);
    /** {@code Continuation.suspend}. */
    static final int SUSPEND = id(RuntimeNames.SUSPEND);

    private MethodNames() {
    }

    /** The number of a method name (assigned on first use). */
    public static int id(String name) {
        Integer known = IDS.get(name);
        return known != null ? known : IDS.computeIfAbsent(name, n -> NEXT.getAndIncrement());
    }
}
