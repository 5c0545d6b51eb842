package io.gpm4j.runtime;

import java.util.Arrays;

/**
 * One P's timers: a binary min-heap on {@code when}, under this object's monitor (never held
 * while a timer fires). Go: p.timers, p.timersLock, siftupTimer/siftdownTimer (Go uses a 4-ary
 * heap).
 */
final class TimerHeap {
    private RuntimeTimer[] timers = new RuntimeTimer[16];
    private int size;
    /** The earliest {@code when}, or {@link Long#MAX_VALUE}; read without the lock as a hint. */
    volatile long earliest = Long.MAX_VALUE;

    /** Caller holds this heap's monitor. */
    void add(RuntimeTimer t) {
        assert Thread.holdsLock(this);
        if (size == timers.length) {
            timers = Arrays.copyOf(timers, size * 2);
        }
        t.heap = this;
        t.index = size;
        timers[size++] = t;
        siftUp(t.index);
        earliest = timers[0].when;
    }

    /** Caller holds this heap's monitor; {@code t} is in this heap. */
    void remove(RuntimeTimer t) {
        assert Thread.holdsLock(this);
        int i = t.index;
        int last = --size;
        if (i != last) {
            timers[i] = timers[last];
            timers[i].index = i;
            timers[last] = null;
            siftDown(i);
            siftUp(i);
        } else {
            timers[last] = null;
        }
        t.heap = null;
        t.index = -1;
        earliest = size == 0 ? Long.MAX_VALUE : timers[0].when;
    }

    /**
     * Takes the earliest timer if it is due at {@code now}; a periodic one is re-armed for its
     * next period (skipping missed ones) and stays. Returns null when none is due. Caller holds
     * this heap's monitor.
     */
    RuntimeTimer pollDue(long now) {
        assert Thread.holdsLock(this);
        if (size == 0 || timers[0].when - now > 0) {
            return null;
        }
        RuntimeTimer t = timers[0];
        if (t.period > 0) {
            long behind = now - t.when;
            t.when += t.period * (1 + behind / t.period);
            siftDown(0);
            earliest = timers[0].when;
        } else {
            remove(t);
        }
        return t;
    }

    /** Moves every timer into {@code into} (a P going away). Caller holds both monitors. */
    int drainTo(TimerHeap into) {
        assert Thread.holdsLock(this) && Thread.holdsLock(into);
        int n = size;
        for (int i = 0; i < n; i++) {
            RuntimeTimer t = timers[i];
            timers[i] = null;
            into.add(t);
        }
        size = 0;
        earliest = Long.MAX_VALUE;
        return n;
    }

    int size() {
        return size;
    }

    private void siftUp(int i) {
        RuntimeTimer t = timers[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            RuntimeTimer p = timers[parent];
            if (p.when - t.when <= 0) {
                break;
            }
            timers[i] = p;
            p.index = i;
            i = parent;
        }
        timers[i] = t;
        t.index = i;
    }

    private void siftDown(int i) {
        RuntimeTimer t = timers[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && timers[right].when - timers[child].when < 0) {
                child = right;
            }
            RuntimeTimer c = timers[child];
            if (t.when - c.when <= 0) {
                break;
            }
            timers[i] = c;
            c.index = i;
            i = child;
        }
        timers[i] = t;
        t.index = i;
    }
}
