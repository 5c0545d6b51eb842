package io.gpm4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A P's local run queue: a 256-slot lock-free ring that only its owner P puts into and takes
 * from, and that any P may steal half of; plus {@code runnext}, one G that runs next, ahead of
 * the ring (a G just readied by the running one: they hand off to each other without a queue).
 *
 * <p>Go: {@code p.runq}, {@code p.runqhead}, {@code p.runqtail}, {@code p.runnext};
 * {@code runqput}, {@code runqget}, {@code runqgrab}, {@code runqsteal} (runtime/proc.go).
 *
 * <p>Memory order: the owner publishes a slot by a release store of {@code tail}; consumers
 * (owner or thief) read {@code tail} with acquire, read the slots, and claim them by a CAS on
 * {@code head} (the CAS orders the slot reads before the claim). Only the owner writes the slots
 * and {@code tail}; anyone may CAS {@code head} and CAS {@code runnext} to null.
 */
final class RunQueue {
    static final int SIZE = 256;
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RUNNEXT;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(G[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
            RUNNEXT = l.findVarHandle(RunQueue.class, "runnext", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final G[] slots = new G[SIZE];
    /** Next slot to take. Any P (CAS). */
    private volatile int head;
    /** Next slot to fill. Owner P only (release store). */
    private volatile int tail;
    /** Runs next. Owner sets; anyone may CAS it to null. */
    private volatile G runnext;
    /** How many Gs the last {@link #stealInto} into this queue took (for JFR). Owner P only. */
    int lastStolen;

    /**
     * Puts {@code g} on the queue. With {@code next}, {@code g} goes to {@code runnext} and the G
     * it displaces to the tail. When the ring is full, half of it and {@code g} go to the global
     * queue. Owner P only.
     *
     * <p>Go: runqput.
     */
    void put(G g, boolean next, Sched sched) {
        if (next) {
            G old;
            do {
                old = runnext;
            } while (!RUNNEXT.compareAndSet(this, old, g));
            if (old == null) {
                return;
            }
            g = old;
        }
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = tail;
            if (t - h < SIZE) {
                SLOTS.setRelease(slots, t & (SIZE - 1), g);
                TAIL.setRelease(this, t + 1); // store-release: makes the slot available to consumers
                return;
            }
            if (putSlow(g, h, t, sched)) {
                return;
            }
            // the queue is no longer full: a thief took some; retry the fast path
        }
    }

    /**
     * Moves half the ring and {@code g} to the global queue, in one batch under the sched lock.
     * Owner P only. Go: runqputslow.
     */
    private boolean putSlow(G g, int h, int t, Sched sched) {
        int n = (t - h) / 2;
        if (n != SIZE / 2) {
            throw Fatal.error("runqputslow: queue is not full");
        }
        // copy first: until the CAS commits the consume, a thief may take these Gs
        G[] batch = this.batch;
        for (int i = 0; i < n; i++) {
            batch[i] = (G) SLOTS.getAcquire(slots, (h + i) & (SIZE - 1));
        }
        if (!HEAD.compareAndSet(this, h, h + n)) { // the CAS commits the consume
            return false;
        }
        batch[n] = g;
        sched.globalPutBatch(batch, n + 1);
        java.util.Arrays.fill(batch, null);
        return true;
    }

    /** Scratch space of {@link #putSlow}. Owner only. Go: the batch array on runqputslow's stack. */
    private final G[] batch = new G[SIZE / 2 + 1];

    /**
     * Takes a G: {@code runnext} first, else the head of the ring; null when empty. Owner P only.
     * Go: runqget (the caller learns "inheritTime" from {@link #tookRunnext}).
     */
    G get() {
        G next = runnext;
        if (next != null && RUNNEXT.compareAndSet(this, next, null)) {
            tookRunnext = true;
            return next;
        }
        tookRunnext = false;
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = tail;
            if (t == h) {
                return null;
            }
            G g = (G) SLOTS.getAcquire(slots, h & (SIZE - 1));
            if (HEAD.compareAndSet(this, h, h + 1)) { // cas-release, commits consume
                return g;
            }
        }
    }

    /** Whether the last {@link #get} took {@code runnext} (the G inherits the time slice). Owner only. */
    boolean tookRunnext;

    /**
     * Steals half of this queue's ring (rounded up) into {@code thief}'s ring, which must be
     * empty. Returns one of the stolen Gs to run now (the rest stay in the thief's ring), or null
     * when the ring is empty; {@code runnext} is left alone ({@link #stealRunnext}). Any P.
     *
     * <p>Go: runqsteal + runqgrab, without runqgrab's runnext branch.
     */
    G stealInto(RunQueue thief) {
        int t = thief.tail;
        int stolen = grab(thief, t);
        if (stolen == 0) {
            return null;
        }
        thief.lastStolen = stolen;
        stolen--;
        G g = (G) SLOTS.getAcquire(thief.slots, (t + stolen) & (SIZE - 1));
        if (stolen != 0) {
            TAIL.setRelease(thief, t + stolen); // store-release: publishes the stolen Gs
        }
        return g;
    }

    private int grab(RunQueue into, int intoTail) {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            int n = t - h;
            n = n - n / 2;
            if (n == 0) {
                return 0;
            }
            if (n > SIZE / 2) {
                continue; // read inconsistent h and t
            }
            for (int i = 0; i < n; i++) {
                G g = (G) SLOTS.getAcquire(slots, (h + i) & (SIZE - 1));
                SLOTS.setRelease(into.slots, (intoTail + i) & (SIZE - 1), g);
            }
            if (HEAD.compareAndSet(this, h, h + n)) { // cas-release, commits consume
                return n;
            }
        }
    }

    /** The G in {@code runnext} when the ring is empty, else null: what a thief could take. Racy. */
    G runnextAlone() {
        return head == tail ? runnext : null;
    }

    /**
     * Takes {@code runnext} for {@code thief} if it still holds {@code expected}; returns it to
     * run now, or null when the owner ran it or another thief took it. Any P.
     * Go: runqgrab's {@code pp.runnext.cas(next, 0)}.
     */
    G stealRunnext(RunQueue thief, G expected) {
        if (!RUNNEXT.compareAndSet(this, expected, null)) {
            return null;
        }
        thief.lastStolen = 1;
        return expected;
    }

    /**
     * The goids of {@code runnext} (first, -1 when empty) and of the ring's Gs, head to tail, for
     * diagnostics. Any thread; racy (a slot may be read after its G moved on).
     */
    long[] goids() {
        int h = head;
        int t = tail;
        int n = Math.max(0, Math.min(t - h, SIZE));
        long[] ids = new long[n + 1];
        G next = runnext;
        ids[0] = next == null ? -1 : next.goid;
        for (int i = 0; i < n; i++) {
            G g = (G) SLOTS.getAcquire(slots, (h + i) & (SIZE - 1));
            ids[i + 1] = g == null ? -1 : g.goid;
        }
        return ids;
    }

    /** Gs in the ring, excluding {@code runnext} (as schedtrace prints them). Any P; racy. */
    int size() {
        int h = head;
        int t = tail;
        int n = t - h;
        return n < 0 ? 0 : Math.min(n, SIZE);
    }

    /** Whether the ring and {@code runnext} are both empty. Any P; racy. */
    boolean isEmpty() {
        return head == tail && runnext == null;
    }
}
