package io.gpm4j;

/**
 * A FIFO queue of sudogs: a channel's senders or receivers. Guarded by the channel's lock.
 * Go: waitq (runtime/chan.go).
 */
final class WaitQueue {
    private Sudog first;
    private Sudog last;

    void enqueue(Sudog s) {
        s.next = null;
        s.prev = last;
        if (last == null) {
            first = s;
        } else {
            last.next = s;
        }
        last = s;
    }

    /**
     * Takes the first waiter that can still complete: a select's sudog whose select was already
     * won elsewhere is dropped on the way. Go: waitq.dequeue.
     */
    Sudog dequeue() {
        for (;;) {
            Sudog s = first;
            if (s == null) {
                return null;
            }
            remove(s);
            if (s instanceof SelectSudog && !((SelectSudog) s).select.claim()) {
                continue;
            }
            return s;
        }
    }

    /** Removes a sudog that is in this queue (a select's losing case). Go: dequeueSudoG. */
    void remove(Sudog s) {
        Sudog p = s.prev;
        Sudog n = s.next;
        if (p == null) {
            if (first != s) {
                return; // not queued (already dequeued)
            }
            first = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            last = p;
        } else {
            n.prev = p;
        }
        s.next = null;
        s.prev = null;
    }

    boolean isEmpty() {
        return first == null;
    }
}
