package io.gpm4j.context;

import io.gpm4j.Chan;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * One key bound to one value over a parent, which supplies everything else. Immutable.
 * Go: valueCtx.
 */
final class ValueCtx implements Context {
    final Context parent;
    final Object key;
    final Object val;

    /** Arguments checked by {@link Context#withValue}: parent and key non-null. */
    ValueCtx(Context parent, Object key, Object val) {
        this.parent = parent;
        this.key = key;
        this.val = val;
    }

    @Override
    public Chan<Void> done() {
        return Tree.skipValues(parent).done();
    }

    @Override
    public CancellationException err() {
        return Tree.skipValues(parent).err();
    }

    @Override
    public Optional<Instant> deadline() {
        return Tree.deadline(parent);
    }

    @Override
    public Object value(Object key) {
        return Tree.value(this, Objects.requireNonNull(key, "key"));
    }

    /**
     * Go's format, {@code parent.WithValue(key, val)}, except that the value shows only its
     * type: values are often credentials or large, and toString may run in a log line.
     */
    @Override
    public String toString() {
        return Tree.name(this);
    }
}
