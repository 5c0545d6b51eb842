package io.gpm4j.runtime;

import java.lang.ref.ReferenceQueue;
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
 * <p>Keys are per defining class loader: {@code owner/InternalName.method@tag} ({@link #key}),
 * where the tag numbers the loader. The rewritten prologue hands its own key to
 * {@link Frames#enter} as a string constant, so the slow path finds the entry with one map lookup
 * and no class or loader in hand, and the same class name in two loaders (two versions of a
 * plugin) keeps two entries. Names, not descriptors, because the call handshake matches by name.
 * (Where each method's call sites are is in {@link CallSites}.)
 *
 * <p>Loaders are held weakly (a {@link LoaderKey} to its tag): a collected loader's entries are
 * dropped at the next registration. Tags are never reused, so a stale key can match nothing.
 */
public final class LambdaTargets {
    /** {@link #key} of a lambda body or method reference to the interface names it implements. */
    private static final ConcurrentHashMap<String, int[]> IMPLEMENTS = new ConcurrentHashMap<>();
    /**
     * The name of a method reached by a virtual method reference ({@code Job::work},
     * {@code Worker::work}) to the interface names it implements: the proxy dispatches on the name,
     * so the method entered may be any override, or the body of another lambda. By name alone, in
     * every loader: the override may be defined by a loader below the one whose code made the
     * reference (a plugin's subclass of its host's type). Names hold no loader.
     */
    private static final ConcurrentHashMap<Integer, int[]> IMPLEMENTS_BY_NAME = new ConcurrentHashMap<>();
    /** Each loader's tag, held weakly. Tags and their entries change under the class lock. */
    private static final ConcurrentHashMap<LoaderKey, Integer> TAGS = new ConcurrentHashMap<>();
    /** Keys of collected loaders, drained under the class lock. */
    private static final ReferenceQueue<ClassLoader> COLLECTED = new ReferenceQueue<>();
    /** The tag of the next loader seen; 0 is the bootstrap loader's. Guarded by the class lock. */
    private static int nextTag = 1;

    private LambdaTargets() {
    }

    /**
     * The key of method {@code method} of class {@code owner} (internal name) as {@code loader}
     * (null: the bootstrap loader) defines it: what its rewritten prologue hands to
     * {@link Frames#enter}. The agent calls it while it rewrites the class.
     */
    public static String key(ClassLoader loader, String owner, String method) {
        return owner + '.' + method + '@' + tag(loader);
    }

    /**
     * Records that {@code owner.method} is the body of a lambda or the target of a method reference,
     * made by code of {@code loader}, that implements the interface method
     * {@code interfaceMethod}: a call to that interface method reaches the body through a proxy that
     * only forwards. When {@code owner} is the class being defined, its defining loader is
     * {@code loader}; otherwise the agent cannot tell which loader defines it without loading it
     * (forbidden in a transform), so the entry is made for {@code loader} and each of its parents:
     * under delegation one of them does.
     *
     * @param ownLoaderOnly {@code owner} is defined by {@code loader} itself
     */
    public static void implementsMethod(ClassLoader loader, String owner, String method, String interfaceMethod,
                                        boolean ownLoaderOnly) {
        int name = MethodNames.id(interfaceMethod);
        synchronized (LambdaTargets.class) {
            expungeCollected();
            for (ClassLoader l = loader; ; l = l.getParent()) {
                add(IMPLEMENTS, key(l, owner, method), name);
                if (l == null || ownLoaderOnly) {
                    break;
                }
            }
        }
    }

    /**
     * Records that a method reference dispatches virtually on {@code method} to implement the
     * interface method {@code interfaceMethod}: every override of {@code method}, and every lambda
     * body implementing an interface method of that name, answers to {@code interfaceMethod} too.
     */
    public static void implementsMethodByName(String method, String interfaceMethod) {
        add(IMPLEMENTS_BY_NAME, MethodNames.id(method), MethodNames.id(interfaceMethod));
    }

    /** The tag of {@code loader}, assigned on first use; 0 for the bootstrap loader. */
    private static synchronized int tag(ClassLoader loader) {
        if (loader == null) {
            return 0;
        }
        Integer known = TAGS.get(new LoaderKey(loader, null));
        if (known != null) {
            return known;
        }
        expungeCollected();
        int tag = nextTag++;
        TAGS.put(new LoaderKey(loader, COLLECTED), tag);
        return tag;
    }

    /** How many loaders have tags now (for tests). */
    static synchronized int loaders() {
        expungeCollected();
        return TAGS.size();
    }

    /** Drops the tags and entries of collected loaders. Caller holds the class lock. */
    private static void expungeCollected() {
        assert Thread.holdsLock(LambdaTargets.class);
        for (Object k; (k = COLLECTED.poll()) != null; ) {
            Integer tag = TAGS.remove(k);
            if (tag != null) {
                String suffix = "@" + tag;
                IMPLEMENTS.keySet().removeIf(key -> key.endsWith(suffix));
            }
        }
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
        int slot = (key.hashCode() * 31 + name) & (HITS.length - 1);
        Hit hit = HITS[slot];
        if (hit != null && hit.key == key && hit.name == name) {
            return true;
        }
        if (lookUp(key, self, name)) {
            HITS[slot] = new Hit(key, name);
            return true;
        }
        return false;
    }

    /**
     * The answers {@link #implementsName} has found true, direct-mapped by key and name: a
     * goroutine whose body is a lambda enters it through the handshake's slow path on every
     * resume, and two map lookups there were a tenth of a gosched. Only true answers: entries are
     * only ever added (a collected loader's go with its classes, and its tag is never reused),
     * while a false one may become true when a class registers later. Keys are the prologues'
     * string constants, interned, hence compared by identity; a racy slot at worst misses.
     */
    private static final Hit[] HITS = new Hit[256];

    private record Hit(String key, int name) {
    }

    private static boolean lookUp(String key, int self, int name) {
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
