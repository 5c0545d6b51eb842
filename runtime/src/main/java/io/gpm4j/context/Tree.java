package io.gpm4j.context;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.Select;

/**
 * The walks over the context tree that join a cancellable child to its parent and part them:
 * value lookup, the nearest cancellable ancestor, propagation of a parent's cancellation to a new
 * child, and removal of a cancelled child. Stateless. Go: value, parentCancelCtx,
 * cancelCtx.propagateCancel, removeChild (context.go).
 */
final class Tree {
    /**
     * The key under which a {@link CancelCtx} answers {@code value} with itself, so that a
     * foreign context wrapping one can be seen through. Private to this package: no user key is
     * this object. Go: cancelCtxKey.
     */
    static final Object CANCEL_CTX_KEY = new Object() {
        @Override
        public String toString() {
            return "cancelCtxKey";
        }
    };

    private Tree() {
    }

    /**
     * The value of {@code key} seen from {@code c}: the nearest binding up the chain, walked in a
     * loop (no recursion, however deep the chain) through this package's types; a foreign context
     * answers for itself and its ancestors. Any thread. Go: value.
     */
    static Object value(Context c, Object key) {
        for (;;) {
            if (c instanceof ValueCtx v) {
                if (key != CANCEL_CTX_KEY && v.key.equals(key)) {
                    return v.val;
                }
                c = v.parent;
            } else if (c instanceof CancelCtx cc) {
                if (key == CANCEL_CTX_KEY) {
                    return cc;
                }
                c = cc.parent;
            } else if (c instanceof WithoutCancelCtx w) {
                if (key == CANCEL_CTX_KEY) {
                    return null; // its parent's cancellation is not its own
                }
                c = w.parent;
            } else if (c instanceof BackgroundCtx) {
                return null;
            } else {
                return c.value(key);
            }
        }
    }

    /**
     * Walks up from {@code c} through value contexts: the first {@link CancelCtx} or foreign
     * context, or null when the chain ends in one that is never cancelled (background,
     * withoutCancel).
     */
    private static Context nearest(Context c) {
        for (;;) {
            if (c instanceof ValueCtx v) {
                c = v.parent;
            } else if (c instanceof BackgroundCtx || c instanceof WithoutCancelCtx) {
                return null;
            } else {
                return c;
            }
        }
    }

    /**
     * The {@link CancelCtx} whose cancellation is {@code parent}'s, or null: a foreign context
     * counts only when it hands out the done channel of the one it wraps (it may have replaced
     * it). Any thread. Go: parentCancelCtx.
     */
    static CancelCtx parentCancelCtx(Context parent) {
        Context n = nearest(parent);
        if (n == null) {
            return null;
        }
        if (n instanceof CancelCtx p) {
            return p;
        }
        Chan<Void> d = n.done();
        if (d == null || d == BackgroundCtx.NEVER || d == CancelCtx.CLOSED) {
            return null;
        }
        return wrapped(n, d);
    }

    /** The CancelCtx a foreign context wraps, if its done channel is {@code d}; else null. */
    private static CancelCtx wrapped(Context foreign, Chan<Void> d) {
        Object p = foreign.value(CANCEL_CTX_KEY);
        return p instanceof CancelCtx pc && pc.done() == d ? pc : null;
    }

    /**
     * Arranges for {@code child}, just made under {@code parent}, to be cancelled when the parent
     * is: registers it with the nearest cancellable ancestor, or cancels it now when that one is
     * done already (the child is born cancelled), or, for a foreign parent that wraps none of
     * ours, starts a goroutine that waits for either to be done. Called once per child, by its
     * factory, before the child is handed out. Go: cancelCtx.propagateCancel.
     */
    static void propagateCancel(Context parent, CancelCtx child) {
        Context n = nearest(parent);
        if (n == null) {
            return; // never cancelled (Go: parent.Done() == nil)
        }
        if (n instanceof CancelCtx p) {
            p.adopt(child);
            return;
        }
        Chan<Void> d = n.done();
        if (d == null || d == BackgroundCtx.NEVER) {
            return;
        }
        if (Select.trySelect(Select.recv(d)) == 0) {
            child.cancel(false, n.err() instanceof DeadlineExceeded); // parent is already done
            return;
        }
        CancelCtx p = wrapped(n, d);
        if (p != null) {
            p.adopt(child);
            return;
        }
        Context foreign = n;
        Go.go(() -> {
            Select.Case<Void> parentDone = Select.recv(d);
            if (Select.select(parentDone, Select.recv(child.done())) == 0) {
                child.cancel(false, foreign.err() instanceof DeadlineExceeded);
            }
        });
    }

    /**
     * Makes {@code child}'s cancellable ancestor forget it, once it is cancelled, so a long-lived
     * parent does not keep every child it ever had. Go: removeChild.
     */
    static void removeChild(Context parent, CancelCtx child) {
        CancelCtx p = parentCancelCtx(parent);
        if (p != null) {
            p.forget(child);
        }
    }
}
