package io.gpm4j.context;

import io.gpm4j.Chan;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The parent's values without its cancellation: never done, no deadline. Immutable.
 * Go: withoutCancelCtx.
 */
final class WithoutCancelCtx implements Context {
    final Context parent;

    WithoutCancelCtx(Context parent) {
        this.parent = parent;
    }

    @Override
    public Chan<Void> done() {
        return BackgroundCtx.NEVER;
    }

    @Override
    public CancellationException err() {
        return null;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public Object value(Object key) {
        return Tree.value(this, Objects.requireNonNull(key, "key"));
    }

    @Override
    public String toString() {
        return Tree.name(this);
    }
}
