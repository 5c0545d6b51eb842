package io.gpm4j.runtime;

/**
 * Dead Gs kept for reuse, so that spawning a goroutine allocates nothing in steady state: each P
 * keeps a local list (no lock), which refills 32 at a time from, and spills down to 32 into, this
 * global list (under the sched lock) once it reaches 64.
 *
 * <p>Go: sched.gFree and p.gFree; gfget, gfput.
 */
final class FreeGs {
    private static final int LOCAL_MAX = 64;
    private static final int LOCAL_KEEP = 32;

    private final Object lock;
    /** Guarded by {@link #lock}. */
    private G head;
    /** Written under {@link #lock}; read racily as a hint. */
    private volatile int count;

    FreeGs(Object schedLock) {
        this.lock = schedLock;
    }

    /** A free G from {@code p}'s list (refilled from the global one), or null. Owner of {@code p}, or any thread when null. */
    G get(P p) {
        if (p == null) {
            synchronized (lock) {
                return pop();
            }
        }
        if (p.gFree == null && count > 0) {
            synchronized (lock) {
                while (p.gFreeCount < LOCAL_KEEP) {
                    G g = pop();
                    if (g == null) {
                        break;
                    }
                    g.schedlink = p.gFree;
                    p.gFree = g;
                    p.gFreeCount++;
                }
            }
        }
        G g = p.gFree;
        if (g != null) {
            p.gFree = g.schedlink;
            p.gFreeCount--;
            g.schedlink = null;
        }
        return g;
    }

    /** Keeps a dead G on {@code p}'s list (the global one when null). Owner of {@code p}. */
    void put(P p, G g) {
        if (p == null) {
            synchronized (lock) {
                push(g);
            }
            return;
        }
        g.schedlink = p.gFree;
        p.gFree = g;
        p.gFreeCount++;
        if (p.gFreeCount >= LOCAL_MAX) {
            synchronized (lock) {
                while (p.gFreeCount > LOCAL_KEEP) {
                    G f = p.gFree;
                    p.gFree = f.schedlink;
                    p.gFreeCount--;
                    push(f);
                }
            }
        }
    }

    /** Takes every G of a P that is going away. Caller holds the sched lock; the P has no M. */
    void absorb(P p) {
        assert Thread.holdsLock(lock);
        while (p.gFree != null) {
            G f = p.gFree;
            p.gFree = f.schedlink;
            push(f);
        }
        p.gFreeCount = 0;
    }

    /** Caller holds the sched lock. */
    private void push(G g) {
        assert Thread.holdsLock(lock);
        g.schedlink = head;
        head = g;
        count++;
    }

    /** Caller holds the sched lock. */
    private G pop() {
        assert Thread.holdsLock(lock);
        G g = head;
        if (g != null) {
            head = g.schedlink;
            g.schedlink = null;
            count--;
        }
        return g;
    }
}
