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
 * <p>Unlike Go's, the lists keep only Gs made in the current {@link GcEpoch}: a collection makes
 * every kept G stale, and a stale G is {@linkplain G#RELEASED released} (left to the collector,
 * and dropped from allgs at its next compaction, {@link Gs}) instead of reused, when it would be
 * put on a list or when a list made in an earlier epoch is next touched. A G that outlived a
 * collection is on its way to the old generation, where every store into it costs a full write
 * barrier ({@link GcEpoch} says why); on skynet with two Ps (JDK 17, G1, 2 GiB heap) reusing such
 * Gs made the rounds about 1.55 times as long as with Gs that stay young (medians of twelve
 * processes, 364 against 234 ms; JDK 25 showed no difference).
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
    /** Which Gs are fresh enough to keep. */
    private final GcEpoch epochs;
    /** The global stack: {@code stack[0..count)}. Guarded by {@link #lock}. */
    private G[] stack = new G[LOCAL_MAX];
    /** Written under {@link #lock}; read racily as a hint. */
    private volatile int count;
    /** The epoch every G on the global stack was made in. Guarded by {@link #lock}. */
    private int stackEpoch;
    /** Gs released other than from a P's stack (the Ps count theirs). Written under {@link #lock}; read racily. */
    private volatile long releasedWithoutP;

    FreeGs(GcEpoch epochs) {
        this.epochs = epochs;
    }

    /** The epoch a G made now belongs to ({@link G#epoch}). Any thread. */
    int epoch() {
        return epochs.current();
    }

    /** A free G from {@code p}'s stack (refilled from the global one), or null. Owner of {@code p}, or any thread when null. */
    G get(P p) {
        int epoch = epochs.current();
        if (p == null) {
            synchronized (lock) {
                dropStaleLocked(epoch);
                return pop();
            }
        }
        if (p.gFreeEpoch != epoch) {
            dropLocal(p, epoch);
        }
        int local = p.gFreeCount;
        if (local == 0) {
            if (count == 0) {
                return null;
            }
            synchronized (lock) {
                dropStaleLocked(epoch);
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

    /** Keeps a dead G on {@code p}'s stack (the global one when null), or releases it if stale. Owner of {@code p}. */
    void put(P p, G g) {
        int epoch = epochs.current();
        if (p == null) {
            synchronized (lock) {
                dropStaleLocked(epoch);
                if (g.epoch == epoch) {
                    push(g);
                } else {
                    releaseLocked(g);
                }
            }
            return;
        }
        if (g.epoch != epoch) {
            g.release();
            p.gReleased++;
            return;
        }
        if (p.gFreeEpoch != epoch) {
            dropLocal(p, epoch);
        }
        int local = p.gFreeCount;
        p.gFree[local++] = g;
        if (local == LOCAL_MAX) {
            synchronized (lock) {
                dropStaleLocked(epoch);
                pushAll(p.gFree, LOCAL_KEEP, LOCAL_MAX - LOCAL_KEEP);
            }
            java.util.Arrays.fill(p.gFree, LOCAL_KEEP, LOCAL_MAX, null);
            local = LOCAL_KEEP;
        }
        p.gFreeCount = local;
    }

    /** Takes every G of a P that is going away. The P has no M; the caller may hold the sched lock. */
    void absorb(P p) {
        int epoch = epochs.current();
        synchronized (lock) {
            dropStaleLocked(epoch);
            for (int i = 0; i < p.gFreeCount; i++) {
                G g = p.gFree[i];
                if (g.epoch == epoch) {
                    push(g);
                } else {
                    releaseLocked(g);
                }
            }
        }
        java.util.Arrays.fill(p.gFree, 0, p.gFreeCount, null);
        p.gFreeCount = 0;
    }

    /** Releases every G on {@code p}'s stack: they were made before {@code epoch}. Owner of {@code p}. */
    private static void dropLocal(P p, int epoch) {
        releaseAll(p.gFree, p.gFreeCount);
        p.gReleased += p.gFreeCount;
        p.gFreeCount = 0;
        p.gFreeEpoch = epoch;
    }

    /** Releases every G on the global stack if they were made before {@code epoch}. Caller holds {@link #lock}. */
    private void dropStaleLocked(int epoch) {
        if (stackEpoch != epoch) {
            int n = count;
            releaseAll(stack, n);
            releasedWithoutP += n;
            count = 0;
            stackEpoch = epoch;
        }
    }

    /** Releases {@code g}, counted here. Caller holds {@link #lock}. */
    private void releaseLocked(G g) {
        g.release();
        releasedWithoutP++;
    }

    /**
     * Gs released other than from a P's stack, so far; with the Ps' counts
     * ({@link Ps#releasedGs}) they tell allgs when to compact. Any thread (racy).
     */
    long releasedWithoutP() {
        return releasedWithoutP;
    }

    /** Releases {@code gs[0..n)} and clears the slots (the caller counts them). */
    private static void releaseAll(G[] gs, int n) {
        for (int i = 0; i < n; i++) {
            gs[i].release();
            gs[i] = null;
        }
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
