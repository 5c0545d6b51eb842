package io.gpm4j.context;

import io.gpm4j.Chan;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The root context: never done, no deadline, no values. One instance. Go: backgroundCtx
 * (emptyCtx).
 */
final class BackgroundCtx implements Context {
    static final BackgroundCtx INSTANCE = new BackgroundCtx();

    /**
     * The done channel of every context that can never be cancelled: never closed, never sent
     * on. Go returns a nil channel there; this one blocks a receiver just as long, and
     * propagation recognises it by identity as Go recognises nil.
     */
    static final Chan<Void> NEVER = Chan.make();

    private BackgroundCtx() {
    }

    @Override
    public Chan<Void> done() {
        return NEVER;
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
        Objects.requireNonNull(key, "key");
        return null;
    }

    @Override
    public String toString() {
        return "context.Background";
    }
}
