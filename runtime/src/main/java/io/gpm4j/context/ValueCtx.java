package io.gpm4j.context;

import io.gpm4j.Chan;
import java.util.concurrent.CancellationException;

/**
 * One key bound to one value over a parent, which supplies everything else. Immutable. Its name
 * ({@code toString}) shows only the value's type: values are often credentials or large, and a
 * name may end up in a log line. Go: valueCtx.
 */
final class ValueCtx extends TreeCtx {
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
}
