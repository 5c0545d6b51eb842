package io.gpm4j.runtime;

/**
 * A goroutine's continuation. When a suspension cannot unwind (a frame pins it), the goroutine
 * blocks its carrier thread instead, after the M hands its P to another M so that every other
 * goroutine keeps running.
 *
 * <p>Go: the pinned case has no Go counterpart; the hand-off is {@code entersyscallblock} /
 * {@code handoffp} and the return {@code exitsyscall}.
 */
final class GContinuation extends Continuation {
    static final Runnable NOT_STARTED = () -> {
        throw Fatal.error("execute: a goroutine's continuation ran before newproc gave it a body");
    };

    final G g;

    GContinuation(G g) {
        super(NOT_STARTED);
        this.g = g;
    }

    @Override
    protected void onPinned(PinReason reason, StackTraceElement frame) {
        Sched.get().pinned(g, reason, frame);
    }
}
