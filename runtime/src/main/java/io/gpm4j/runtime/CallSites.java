package io.gpm4j.runtime;

import java.lang.ref.ReferenceQueue;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal: not part of the public API; public because the agent fills it while it rewrites
 * classes.
 *
 * <p>The call-site table: what the agent rewrote, method by method, as far as the runtime needs to
 * know it at run time. One table serves two readers:
 *
 * <ul>
 *   <li><b>Goroutine dumps</b> ({@link StackDump}): rewritten code saves a resumable site's number
 *       as the last value of its frame, so a suspended continuation's frame store reads as a list
 *       of frames without running it ({@link #savedFrames}). Looked up by number.</li>
 *   <li><b>Pinning diagnosis</b> ({@link Pinning}): for a frame on the suspension path, whether its
 *       method was rewritten, and whether its line is a resumable site or a call made under a
 *       monitor. Looked up by defining loader, class, method name and descriptor
 *       ({@link #method}), so neither overloads nor classes of one name in two loaders collide.</li>
 * </ul>
 *
 * <p>Lifecycle: while it rewrites a method the agent {@link #reserve}s the numbers of its sites
 * (consecutive, so the method dispatches on {@code number - first}) and bakes them into the code;
 * once the class's new bytes are final it {@link #register}s the class's methods in one call,
 * before any of the class's code can run. Numbers are valid for the life of the JVM. Registering a
 * class again (retransformation) replaces that loader's entry for it; the numbers the old code
 * saved still print.
 *
 * <p>Loaders are held weakly: an entry keeps no reference to the loader that defined its class,
 * and a collected loader's entries are dropped at the next registration. Registration is
 * synchronized and happens once per class; lookups take no lock. Rewritten code never reads the
 * table: it costs nothing per call.
 */
public final class CallSites {
    /**
     * Internal: not part of the public API; public because the agent builds the records it
     * registers.
     *
     * <p>What the rewrite did to one method: its resumable sites (numbered from {@code firstSite},
     * with their lines and how many primitive slots (two for a long or a double) and reference values
     * the frame saves at each) and the
     * lines of the suspendable calls it makes while holding a monitor. A method with monitor lines
     * only was left as it was, but is listed so that a suspension under its monitor is named.
     */
    public record Method(String name, String descriptor, int firstSite, int[] lines, int[] primitives,
                         int[] references, int[] monitorLines) {
        /** A method left as it was because all its suspendable calls are made under a monitor. */
        public static Method monitorOnly(String name, String descriptor, int[] monitorLines) {
            return new Method(name, descriptor, 0, new int[0], new int[0], new int[0], monitorLines);
        }

        /**
         * The entry half of a method the rewrite split in two: it only looks the continuation up
         * and calls the body half, has no line of its own, and never blocks a suspension.
         */
        public static Method forwarder(String name, String descriptor) {
            return monitorOnly(name, descriptor, new int[0]);
        }

        boolean isResumableLine(int line) {
            return contains(lines, line);
        }

        boolean isMonitorLine(int line) {
            return contains(monitorLines, line);
        }
    }

    /** One resumable call site, as a dump prints it. */
    record Site(String owner, String method, String file, int line, int primitives, int references) {
        /** As a stack-trace line: {@code pkg.Class.method(File.java:line)}. */
        StackTraceElement toStackTraceElement() {
            return new StackTraceElement(owner.replace('/', '.'), method, file, line);
        }
    }

    /** By number; entries are written before {@link #sites} is published. Guarded by the class lock for writes. */
    private static volatile Site[] sites = new Site[1024];
    /** The next number to reserve; 0 is never a site. Guarded by the class lock. */
    private static int next = 1;
    /** Per defining loader: {@code owner/Internal} to its methods, by {@code name + descriptor}. */
    private static final ConcurrentHashMap<LoaderKey, ConcurrentHashMap<String, ConcurrentHashMap<String, Method>>>
            BY_LOADER = new ConcurrentHashMap<>();
    /** Keys of collected loaders. Drained under the class lock. */
    private static final ReferenceQueue<ClassLoader> COLLECTED = new ReferenceQueue<>();

    private CallSites() {
    }

    /**
     * Reserves {@code count} consecutive site numbers for one method and returns the first; the
     * agent registers them with {@link #register} once the class is written.
     */
    public static synchronized int reserve(int count) {
        int first = next;
        next = first + count;
        return first;
    }

    /**
     * Records the rewritten methods of class {@code owner} as {@code loader} defines it, replacing
     * what an earlier definition by the same loader recorded. Called by the agent once per class,
     * after its bytes are final and before it is defined.
     *
     * @param loader the defining loader, null for the bootstrap loader; held weakly
     * @param file   the class's source file attribute, or null
     */
    public static synchronized void register(ClassLoader loader, String owner, String file, List<Method> methods) {
        expungeCollected();
        Site[] table = sites;
        int end = 0;
        for (Method m : methods) {
            end = Math.max(end, m.firstSite() + m.lines().length);
        }
        if (end > table.length) {
            table = Arrays.copyOf(table, Math.max(table.length * 2, end));
        }
        ConcurrentHashMap<String, Method> byName = new ConcurrentHashMap<>();
        for (Method m : methods) {
            byName.put(m.name() + m.descriptor(), m);
            for (int i = 0; i < m.lines().length; i++) {
                table[m.firstSite() + i] = new Site(owner, m.name(), file, m.lines()[i], m.primitives()[i],
                        m.references()[i]);
            }
        }
        sites = table; // volatile write publishes the entries
        LoaderKey probe = new LoaderKey(loader, null);
        if (methods.isEmpty()) {
            ConcurrentHashMap<String, ConcurrentHashMap<String, Method>> classes = BY_LOADER.get(probe);
            if (classes != null) {
                classes.remove(owner);
            }
            return;
        }
        ConcurrentHashMap<String, ConcurrentHashMap<String, Method>> classes = BY_LOADER.get(probe);
        if (classes == null) {
            classes = new ConcurrentHashMap<>();
            BY_LOADER.put(new LoaderKey(loader, COLLECTED), classes);
        }
        classes.put(owner, byName);
    }

    /**
     * What the rewrite did to method {@code name descriptor} of class {@code owner} (internal name)
     * as {@code loader} defined it; null when it rewrote nothing there. Any thread.
     */
    static Method method(ClassLoader loader, String owner, String name, String descriptor) {
        ConcurrentHashMap<String, ConcurrentHashMap<String, Method>> classes = BY_LOADER.get(new LoaderKey(loader, null));
        ConcurrentHashMap<String, Method> methods = classes == null ? null : classes.get(owner);
        return methods == null ? null : methods.get(name + descriptor);
    }

    /** How many loaders have entries now (for tests). */
    static synchronized int loaders() {
        expungeCollected();
        return BY_LOADER.size();
    }

    static Site get(int number) {
        Site[] table = sites;
        return number > 0 && number < table.length ? table[number] : null;
    }

    /**
     * The frames saved in a suspended continuation, innermost first, read from its frame store;
     * empty when it holds none or they cannot be read (a site of another JVM's numbering).
     */
    static StackTraceElement[] savedFrames(Continuation c) {
        int[] prims = c.primitives;
        int pos = c.primitiveTop - 1;
        int refs = c.referenceTop;
        java.util.ArrayList<StackTraceElement> outermostFirst = new java.util.ArrayList<>();
        while (pos >= 0) {
            Site s = get(prims[pos]);
            if (s == null) {
                return new StackTraceElement[0];
            }
            outermostFirst.add(s.toStackTraceElement());
            pos -= 1 + s.primitives();
            refs -= s.references();
        }
        if (pos != -1 || refs != 0) {
            return new StackTraceElement[0];
        }
        StackTraceElement[] out = new StackTraceElement[outermostFirst.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = outermostFirst.get(out.length - 1 - i);
        }
        return out;
    }

    /** Caller holds the class lock. */
    private static void expungeCollected() {
        assert Thread.holdsLock(CallSites.class);
        for (Object k; (k = COLLECTED.poll()) != null; ) {
            BY_LOADER.remove(k);
        }
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
