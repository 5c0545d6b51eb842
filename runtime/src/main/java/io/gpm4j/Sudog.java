package io.gpm4j;

import io.gpm4j.runtime.Goroutines;
import io.gpm4j.runtime.Waiter;

/**
 * A waiter queued on a channel: who waits, the value it sends or the slot it receives into, and
 * whether the operation completed (false: the channel was closed). A plain send or receive queues
 * one of these; a select queues a {@link SelectSudog} per case. Kept to what every waiter needs
 * (32 bytes with compressed oops): a parked goroutine's sudog is most of what it costs beside
 * its G and its frames. Go: sudog (runtime/runtime2.go).
 */
class Sudog {
    Waiter waiter;
    /** The value to send, or the value received. Go: elem. */
    Object elem;
    /** True when woken by a completed send or receive; false when woken by close. Go: success. */
    boolean success;
    Sudog next;
    Sudog prev;

    Sudog(Waiter waiter, Object elem) {
        this.waiter = waiter;
        this.elem = elem;
    }

    /**
     * A sudog for {@code waiter} waiting with {@code elem}: one its M cached, else a new one.
     * Go: acquireSudog.
     */
    static Sudog acquire(Waiter waiter, Object elem) {
        Sudog s = (Sudog) Goroutines.acquireSudog(waiter);
        if (s == null) {
            return new Sudog(waiter, elem);
        }
        s.waiter = waiter;
        s.elem = elem;
        return s;
    }

    /**
     * Gives back a plain sudog its waiter has finished with (woken, its results read): cleared,
     * so that a cached sudog holds no value, and cached on the waiter's M. Go: releaseSudog.
     */
    static void release(Sudog s) {
        Waiter w = s.waiter;
        s.waiter = null;
        s.elem = null;
        s.success = false;
        s.next = null;
        s.prev = null;
        Goroutines.releaseSudog(w, s);
    }
}
