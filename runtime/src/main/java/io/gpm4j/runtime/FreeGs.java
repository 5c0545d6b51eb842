package io.gpm4j.runtime;

/**
 * Dead Gs kept for reuse, so that spawning a goroutine allocates nothing in steady state: each P
 * keeps a local stack of at most {@link #LOCAL_MAX} (no lock), which refills {@link #LOCAL_KEEP}
 * at a time from, and spills down to {@link #LOCAL_KEEP} into, one global stack under a lock of
 * its own.
 *
 * <p>Both are arrays of references where Go links its Gs through {@code g.schedlink}, for the
 * reason {@link GlobalRunQueue} gives: a batch moves by copying references, not by walking Gs
 * freed on another CPU (with two Ps a spawner reuses the Gs its consumers freed, and a refill of
 * 32 linked ones was 32 misses in a row, under the sched lock). A G is touched only when it is
 * used.
 *
 * <p>Go: sched.gFree (with its own lock) and p.gFree; gfget, gfput.
 */
final class FreeGs {
    /** A P's local stack spills once it holds this many. */
    static final int LOCAL_MAX = 64;
    /** What a spill leaves, and a refill brings, on a P's stack. */
    private static final int LOCAL_KEEP = 32;

    /** Go: sched.gFree.lock. Taken alone, or inside the sched lock (never the other way round). */
    private final Object lock = new Object();
    /** The global stack: {@code stack[0..count)}. Guarded by {@link #lock}. */
    private G[] stack = new G[LOCAL_MAX];
    /** Written under {@link #lock}; read racily as a hint. */
    private volatile int count;

    /** A free G from {@code p}'s stack (refilled from the global one), or null. Owner of {@code p}, or any thread when null. */
    G get(P p) {
        if (p == null) {
            synchronized (lock) {
                return pop();
            }
        }
        int local = p.gFreeCount;
        if (local == 0) {
            if (count == 0) {
                return null;
            }
            synchronized (lock) {
                int n = count;
                local = Math.min(n, LOCAL_KEEP);
                System.arraycopy(stack, n - local, p.gFree, 0, local);
                java.util.Arrays.fill(stack, n - local, n, null);
                count = n - local;
            }
            if (local == 0) {
                return null;
            }
        }
        G g = p.gFree[--local];
        p.gFree[local] = null;
        p.gFreeCount = local;
        return g;
    }

    /** Keeps a dead G on {@code p}'s stack (the global one when null). Owner of {@code p}. */
    void put(P p, G g) {
        if (p == null) {
            synchronized (lock) {
                push(g);
            }
            return;
        }
        int local = p.gFreeCount;
        p.gFree[local++] = g;
        if (local == LOCAL_MAX) {
            synchronized (lock) {
                pushAll(p.gFree, LOCAL_KEEP, LOCAL_MAX - LOCAL_KEEP);
            }
            java.util.Arrays.fill(p.gFree, LOCAL_KEEP, LOCAL_MAX, null);
            local = LOCAL_KEEP;
        }
        p.gFreeCount = local;
    }

    /** Takes every G of a P that is going away. The P has no M; the caller may hold the sched lock. */
    void absorb(P p) {
        synchronized (lock) {
            pushAll(p.gFree, 0, p.gFreeCount);
        }
        java.util.Arrays.fill(p.gFree, 0, p.gFreeCount, null);
        p.gFreeCount = 0;
    }

    /** Appends {@code from[start, start + n)} to the global stack. Caller holds {@link #lock}. */
    private void pushAll(G[] from, int start, int n) {
        reserve(n);
        int top = count;
        System.arraycopy(from, start, stack, top, n);
        count = top + n;
    }

    /** Caller holds {@link #lock}. */
    private void push(G g) {
        reserve(1);
        int n = count;
        stack[n] = g;
        count = n + 1;
    }

    /** The global stack's top, or null when empty. Caller holds {@link #lock}. */
    private G pop() {
        int n = count;
        if (n == 0) {
            return null;
        }
        G g = stack[n - 1];
        stack[n - 1] = null;
        count = n - 1;
        return g;
    }

    /** Makes room for {@code more} Gs on the global stack, doubling it at least. Caller holds {@link #lock}. */
    private void reserve(int more) {
        int needed = count + more;
        if (needed > stack.length) {
            stack = java.util.Arrays.copyOf(stack, Math.max(stack.length * 2, needed));
        }
    }
}
