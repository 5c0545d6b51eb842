package io.gpm4j.context;

import io.gpm4j.Chan;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * A context of this package: its value, deadline and name are looked up by {@link Tree}'s loops,
 * which know all four kinds. By default it answers as a context that is never cancelled (done
 * never closes, no err); {@link CancelCtx} and {@link ValueCtx} override {@code done} and
 * {@code err}. Go: the context types of context.go, with value, Deadline and String.
 */
abstract sealed class TreeCtx implements Context permits BackgroundCtx, CancelCtx, ValueCtx, WithoutCancelCtx {
    @Override
    public Chan<Void> done() {
        return BackgroundCtx.NEVER;
    }

    @Override
    public CancellationException err() {
        return null;
    }

    @Override
    public final Optional<Instant> deadline() {
        return Tree.deadline(this);
    }

    @Override
    public final Object value(Object key) {
        return Tree.value(this, Objects.requireNonNull(key, "key"));
    }

    @Override
    public final String toString() {
        return Tree.name(this);
    }
}
