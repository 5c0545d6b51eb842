package io.gpm4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The global run queue: an unbounded FIFO of Gs for those that have no P to go to (readied by a
 * plain thread, yielded by gosched, spilled from a full local queue). Every method but
 * {@link #size} requires the sched lock.
 *
 * <p>A growable ring of references, where Go links its Gs through {@code g.schedlink}: moving a
 * batch in or out copies references and touches no G. A linked queue is walked G by G, each
 * step a load that waits for the one before; with a backlog of spawned goroutines larger than
 * the caches (a spawner outrunning its Ps) each step was a miss, 128 in a row for a batch taken
 * under the sched lock, long enough that the other P's takes of that lock parked its thread
 * (a spawn run: 11,823 contended entries, 380 ms blocked; 279 entries with the ring).
 *
 * <p>Go: sched.runq, sched.runqsize; globrunqput, globrunqputbatch, globrunqget.
 */
final class GlobalRunQueue {
    /**
     * The ring's first length; it doubles when full and never shrinks. A spike's ring stays (4
     * bytes a slot, next to the dead G each slot once held, which the free lists keep, as Go
     * keeps its dead Gs): given back once empty, it was grown again by doubling, under the sched
     * lock, at every spike (skynet's rounds: a million goroutines each; the other P waited up to
     * milliseconds for the lock while a large ring was allocated and copied).
     */
    static final int INITIAL_CAPACITY = 256;
    private static final VarHandle SIZE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(GlobalRunQueue.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Go: sched.lock. */
    private final Object lock;
    /** Queued Gs from {@link #head}, wrapping; null elsewhere. Length a power of two. Guarded by the sched lock. */
    private G[] ring = new G[INITIAL_CAPACITY];
    /** Index of the oldest G. Guarded by the sched lock. */
    private int head;
    /**
     * Written under the sched lock with release stores (a volatile store's fence, twice per
     * gosched, showed in its profile), read racily as a hint.
     */
    private volatile int size;
    /** {@link #get}'s scratch space. Guarded by the sched lock. */
    private final G[] taken = new G[RunQueue.SIZE / 2];

    GlobalRunQueue(Object schedLock) {
        this.lock = schedLock;
    }

    /** Gs queued; racy outside the sched lock. */
    int size() {
        return size;
    }

    /** The goids of the queued Gs, head to tail, for diagnostics. Caller holds the sched lock. */
    long[] goidsLocked() {
        assert Thread.holdsLock(lock);
        long[] ids = new long[size];
        int mask = ring.length - 1;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ring[(head + i) & mask].goid;
        }
        return ids;
    }

    /** Caller holds the sched lock. Go: globrunqput. */
    void put(G g) {
        assert Thread.holdsLock(lock);
        int n = size;
        if (n == ring.length) {
            grow(n + 1);
        }
        ring[(head + n) & (ring.length - 1)] = g;
        SIZE.setRelease(this, n + 1);
    }

    /** Appends {@code batch[0..n)}, oldest first. Caller holds the sched lock. Go: globrunqputbatch. */
    void putBatch(G[] batch, int n) {
        assert Thread.holdsLock(lock);
        int queued = size;
        if (queued + n > ring.length) {
            grow(queued + n);
        }
        int mask = ring.length - 1;
        int from = (head + queued) & mask;
        int first = Math.min(n, ring.length - from);
        System.arraycopy(batch, 0, ring, from, first);
        System.arraycopy(batch, first, ring, 0, n - first);
        SIZE.setRelease(this, queued + n);
    }

    /**
     * Takes a G and moves a fair share more ({@code size/gomaxprocs + 1}, at most {@code max}
     * in all when positive, at most half a local queue) to {@code p}'s queue. Caller holds the
     * sched lock and is {@code p}'s owner. Go: globrunqget.
     */
    G get(P p, int max, int gomaxprocs, Sched sched) {
        assert Thread.holdsLock(lock);
        int available = size;
        if (available == 0) {
            return null;
        }
        int n = Math.min(available, available / gomaxprocs + 1);
        if (max > 0 && n > max) {
            n = max;
        }
        n = Math.min(n, RunQueue.SIZE / 2);
        // take all n before the puts: a put into a full local ring would append half of it here
        G[] r = ring;
        int mask = r.length - 1;
        int h = head;
        G[] taken = this.taken;
        for (int i = 0; i < n; i++) {
            int at = (h + i) & mask;
            taken[i] = r[at];
            r[at] = null;
        }
        head = (h + n) & mask;
        SIZE.setRelease(this, available - n);
        G g = taken[0];
        taken[0] = null;
        for (int i = 1; i < n; i++) {
            p.runq.put(taken[i], false, sched);
            taken[i] = null;
        }
        return g;
    }

    /** Moves the queue to a ring of at least {@code needed} slots, oldest at index 0. */
    private void grow(int needed) {
        int capacity = ring.length;
        while (capacity < needed) {
            capacity <<= 1;
        }
        G[] larger = new G[capacity];
        int n = size;
        int first = Math.min(n, ring.length - head);
        System.arraycopy(ring, head, larger, 0, first);
        System.arraycopy(ring, 0, larger, first, n - first);
        ring = larger;
        head = 0;
    }
}
