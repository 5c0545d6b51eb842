package io.gpm4j.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agent rewrote, as far as the runtime needs to know at run time. The agent fills it
 * while it transforms a class (before any of the class's code runs); the runtime reads it on
 * slow paths only: a lambda body entered through its interface method, and the stack walk that
 * names the frame that pins a continuation.
 *
 * <p>Keys are {@code owner/InternalName.method}: names, not descriptors, because the call
 * handshake and stack frames match by name.
 */
public final class RewrittenMethods {
    /** {@code owner.method} of each rewritten method. */
    private static final Set<String> REWRITTEN = ConcurrentHashMap.newKeySet();
    /** {@code owner.method:line} of each suspendable call made while holding a monitor. */
    private static final Set<String> MONITOR_SITES = ConcurrentHashMap.newKeySet();
    /** {@code owner.method:line} of each resumable call site. */
    private static final Set<String> RESUMABLE_SITES = ConcurrentHashMap.newKeySet();
    /** {@code owner.method} of a lambda body or method reference to the interface names it implements. */
    private static final ConcurrentHashMap<String, int[]> IMPLEMENTS = new ConcurrentHashMap<>();
    /**
     * The name of a method reached by a virtual method reference ({@code Job::work},
     * {@code Worker::work}) to the interface names it implements: the proxy dispatches on the name,
     * so the method entered may be any override, or the body of another lambda.
     */
    private static final ConcurrentHashMap<Integer, int[]> IMPLEMENTS_BY_NAME = new ConcurrentHashMap<>();

    private RewrittenMethods() {
    }

    /** Records that a method was rewritten to be resumable. */
    public static void rewritten(String owner, String method) {
        REWRITTEN.add(owner + '.' + method);
    }

    /** Records a resumable call site (a suspendable call the frame can be rebuilt around) at {@code line}. */
    public static void resumableSite(String owner, String method, int line) {
        RESUMABLE_SITES.add(owner + '.' + method + ':' + line);
    }

    static boolean isResumableSite(String owner, String method, int line) {
        return RESUMABLE_SITES.contains(owner + '.' + method + ':' + line);
    }

    /** Records a suspendable call at {@code line} made inside a synchronized region. */
    public static void monitorSite(String owner, String method, int line) {
        MONITOR_SITES.add(owner + '.' + method + ':' + line);
    }

    /**
     * Records that {@code owner.method} is the body of a lambda or the target of a method reference
     * that implements the interface method {@code interfaceMethod}: a call to that interface
     * method reaches the body through a proxy that only forwards.
     */
    public static void implementsMethod(String owner, String method, String interfaceMethod) {
        add(IMPLEMENTS, owner + '.' + method, MethodNames.id(interfaceMethod));
    }

    /**
     * Records that a method reference dispatches virtually on {@code method} to implement the
     * interface method {@code interfaceMethod}: every override of {@code method}, and every lambda
     * body implementing an interface method of that name, answers to {@code interfaceMethod} too.
     */
    public static void implementsMethodByName(String method, String interfaceMethod) {
        add(IMPLEMENTS_BY_NAME, MethodNames.id(method), MethodNames.id(interfaceMethod));
    }

    private static <K> void add(ConcurrentHashMap<K, int[]> map, K key, int interfaceMethod) {
        map.compute(key, (k, names) -> {
            if (names == null) {
                return new int[] {interfaceMethod};
            }
            if (contains(names, interfaceMethod)) {
                return names;
            }
            int[] more = java.util.Arrays.copyOf(names, names.length + 1);
            more[names.length] = interfaceMethod;
            return more;
        });
    }

    /**
     * Whether the method {@code key}, whose name is numbered {@code self}, implements the
     * interface method numbered {@code name}: directly, or through a virtual method reference on its
     * own name or on the name of an interface method it implements (a chain of two proxies).
     */
    static boolean implementsName(String key, int self, int name) {
        if (contains(IMPLEMENTS_BY_NAME.get(self), name)) {
            return true;
        }
        int[] names = IMPLEMENTS.get(key);
        if (names != null) {
            for (int n : names) {
                if (n == name || contains(IMPLEMENTS_BY_NAME.get(n), name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contains(int[] names, int name) {
        if (names != null) {
            for (int n : names) {
                if (n == name) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isRewritten(String owner, String method) {
        return REWRITTEN.contains(owner + '.' + method);
    }

    static boolean isMonitorSite(String owner, String method, int line) {
        return MONITOR_SITES.contains(owner + '.' + method + ':' + line);
    }

    /** How many methods were rewritten so far (for tests and statistics). */
    public static int count() {
        return REWRITTEN.size();
    }
}
