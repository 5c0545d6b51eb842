package io.gpm4j.context;

import io.gpm4j.Chan;

/**
 * The root context: never done, no deadline, no values. One instance. Go: backgroundCtx
 * (emptyCtx).
 */
final class BackgroundCtx extends TreeCtx {
    static final BackgroundCtx INSTANCE = new BackgroundCtx();

    /**
     * The done channel of every context that can never be cancelled: never closed, never sent
     * on. Go returns a nil channel there; this one blocks a receiver just as long, and
     * propagation recognises it by identity as Go recognises nil.
     */
    static final Chan<Void> NEVER = Chan.make();

    private BackgroundCtx() {
    }
}
