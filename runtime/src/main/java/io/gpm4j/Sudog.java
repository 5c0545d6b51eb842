package io.gpm4j;

import io.gpm4j.runtime.Waiter;

/**
 * A waiter queued on a channel: who waits, the value it sends or the slot it receives into, and
 * whether the operation completed (false: the channel was closed). A select queues one per case,
 * sharing a {@link SelectState}. Go: sudog (runtime/runtime2.go).
 */
final class Sudog {
    final Waiter waiter;
    /** The value to send, or the value received. Go: elem. */
    Object elem;
    /** True when woken by a completed send or receive; false when woken by close. Go: success. */
    boolean success;
    /** The select this waiter belongs to, or null. Go: isSelect, g.selectDone. */
    final SelectState select;
    /** The case index within its select. */
    final int caseIndex;
    final Chan<?> chan;
    Sudog next;
    Sudog prev;

    Sudog(Waiter waiter, Object elem, SelectState select, int caseIndex, Chan<?> chan) {
        this.waiter = waiter;
        this.elem = elem;
        this.select = select;
        this.caseIndex = caseIndex;
        this.chan = chan;
    }
}
