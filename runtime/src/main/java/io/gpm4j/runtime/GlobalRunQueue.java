package io.gpm4j.runtime;

/**
 * The global run queue: an unbounded FIFO of Gs linked through {@link G#schedlink}, for Gs
 * that have no P to go to (readied by a plain thread, yielded by gosched, spilled from a full
 * local queue). Every method but {@link #size} requires the sched lock.
 *
 * <p>Go: sched.runq, sched.runqsize; globrunqput, globrunqputbatch, globrunqget.
 */
final class GlobalRunQueue {
    /** Go: sched.lock. */
    private final Object lock;
    /** Guarded by the sched lock. */
    private G head;
    /** Guarded by the sched lock. */
    private G tail;
    /**
     * Written under the sched lock with release stores (a volatile store's fence, twice per
     * gosched, showed in its profile), read racily as a hint.
     */
    private volatile int size;
    private static final java.lang.invoke.VarHandle SIZE;

    static {
        try {
            SIZE = java.lang.invoke.MethodHandles.lookup().findVarHandle(GlobalRunQueue.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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
        int i = 0;
        for (G g = head; g != null && i < ids.length; g = g.schedlink) {
            ids[i++] = g.goid;
        }
        return i == ids.length ? ids : java.util.Arrays.copyOf(ids, i);
    }

    /** Caller holds the sched lock. Go: globrunqput. */
    void put(G g) {
        assert Thread.holdsLock(lock);
        g.schedlink = null;
        if (tail == null) {
            head = g;
        } else {
            tail.schedlink = g;
        }
        tail = g;
        SIZE.setRelease(this, size + 1);
    }

    /** Appends {@code n} Gs already linked from {@code first} to {@code last}. Caller holds the sched lock. */
    void putBatch(G first, G last, int n) {
        assert Thread.holdsLock(lock);
        if (tail == null) {
            head = first;
        } else {
            tail.schedlink = first;
        }
        tail = last;
        last.schedlink = null;
        SIZE.setRelease(this, size + n);
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
        SIZE.setRelease(this, available - n);
        // unlink all n first: the queue must be whole before the puts (a put into a full ring
        // would append half of it here)
        G g = head;
        G last = g;
        for (int i = 1; i < n; i++) {
            last = last.schedlink;
        }
        head = last.schedlink;
        if (head == null) {
            tail = null;
        }
        last.schedlink = null;
        G more = g.schedlink;
        g.schedlink = null;
        while (more != null) {
            G next = more.schedlink;
            more.schedlink = null;
            p.runq.put(more, false, sched);
            more = next;
        }
        return g;
    }
}
