package io.gpm4j.runtime;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal: not part of the public API; public because the agent fills it while it rewrites
 * classes.
 *
 * <p>Which interface method names a lambda body or method-reference target answers to: a call to
 * the interface method reaches the body through a proxy that only forwards, so the call handshake
 * ({@link Frames#enter}) accepts the interface method's name as the body's own. The agent fills it
 * while it transforms a class (before any of the class's code runs, and before the class that
 * creates the lambda runs); the runtime reads it on the handshake's slow path only.
 *
 * <p>Keys are {@code owner/InternalName.method}: names, not descriptors, because the call
 * handshake matches by name. (Where each method's call sites are is in {@link CallSites}.)
 */
public final class LambdaTargets {
    /** {@code owner.method} of a lambda body or method reference to the interface names it implements. */
    private static final ConcurrentHashMap<String, int[]> IMPLEMENTS = new ConcurrentHashMap<>();
    /**
     * The name of a method reached by a virtual method reference ({@code Job::work},
     * {@code Worker::work}) to the interface names it implements: the proxy dispatches on the name,
     * so the method entered may be any override, or the body of another lambda.
     */
    private static final ConcurrentHashMap<Integer, int[]> IMPLEMENTS_BY_NAME = new ConcurrentHashMap<>();

    private LambdaTargets() {
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

}
