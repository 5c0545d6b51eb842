package io.gpm4j;

import io.gpm4j.runtime.Waiter;

/**
 * A waiter queued on a channel: who waits, the value it sends or the slot it receives into, and
 * whether the operation completed (false: the channel was closed). A plain send or receive queues
 * one of these; a select queues a {@link SelectSudog} per case. Kept to what every waiter needs
 * (32 bytes with compressed oops): a parked goroutine's sudog is most of what it costs beside
 * its G and its frames. Go: sudog (runtime/runtime2.go).
 */
class Sudog {
    final Waiter waiter;
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
}
