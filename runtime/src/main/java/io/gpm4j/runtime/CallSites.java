package io.gpm4j.runtime;

/**
 * The table of resumable call sites: for each, where it is (class, method, file, line) and how
 * many primitive and reference values its frame saves. Rewritten code saves a site's number as
 * the last value of its frame, so a suspended continuation's frame store can be read as a list of
 * frames without running it: that is how a parked goroutine's stack is printed.
 *
 * <p>The agent registers the sites of a method together (their numbers are consecutive, so the
 * method dispatches on {@code number - first}). Numbers are valid for the life of the JVM.
 * Registration is synchronized; lookups read a published snapshot without locking.
 */
public final class CallSites {
    /** One call site. */
    record Site(String owner, String method, String file, int line, int primitives, int references) {
        /** As a stack-trace line: {@code pkg.Class.method(File.java:line)}. */
        StackTraceElement toStackTraceElement() {
            return new StackTraceElement(owner.replace('/', '.'), method, file, line);
        }
    }

    private static volatile Site[] sites = new Site[1024];
    private static int count = 1; // 0 is never a site

    private CallSites() {
    }

    /**
     * Registers the resumable sites of one method, in order, and returns the number of the first;
     * site {@code i} is {@code first + i}.
     */
    public static synchronized int register(String owner, String method, String file, int[] lines,
                                            int[] primitives, int[] references) {
        int first = count;
        int n = lines.length;
        Site[] table = sites;
        if (first + n > table.length) {
            table = java.util.Arrays.copyOf(table, Math.max(table.length * 2, first + n));
        }
        for (int i = 0; i < n; i++) {
            table[first + i] = new Site(owner, method, file, lines[i], primitives[i], references[i]);
        }
        count = first + n;
        sites = table; // volatile write publishes the entries
        return first;
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
        long[] prims = c.primitives;
        int pos = c.primitiveTop - 1;
        int refs = c.referenceTop;
        java.util.ArrayList<StackTraceElement> outermostFirst = new java.util.ArrayList<>();
        while (pos >= 0) {
            Site s = get((int) prims[pos]);
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
}
