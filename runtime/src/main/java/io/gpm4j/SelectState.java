package io.gpm4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One blocked select: the first party to claim it (a sender, a receiver or close, on any of its
 * channels) wins, and records the winning sudog. Go: g.selectDone and g.param.
 */
final class SelectState {
    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(SelectState.class, "done", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int done;
    /** The sudog that completed the select; written by the winner before it readies the waiter. */
    volatile SelectSudog winner;

    /** Claims the select; true for exactly one caller. Go: selectDone.CompareAndSwap(0, 1). */
    boolean claim() {
        return DONE.compareAndSet(this, 0, 1);
    }
}
