package io.gpm4j.context;

/**
 * The parent's values without its cancellation: never done, no deadline. Immutable.
 * Go: withoutCancelCtx.
 */
final class WithoutCancelCtx extends TreeCtx {
    final Context parent;

    WithoutCancelCtx(Context parent) {
        this.parent = parent;
    }
}
