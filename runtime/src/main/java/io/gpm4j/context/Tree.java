package io.gpm4j.context;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.Select;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The walks over the context tree that join a cancellable child to its parent and part them:
 * value lookup, the nearest cancellable ancestor, propagation of a parent's cancellation to a new
 * child, and removal of a cancelled child; and the lookups that go up the chain (values, the
 * deadline, the name), each a loop rather than a recursion, so that no chain is too deep for the
 * Java stack. Stateless. Go: value, parentCancelCtx, cancelCtx.propagateCancel, removeChild
 * (context.go).
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
     * The deadline seen from {@code c}: the nearest one of its own up the chain, walked in a loop
     * through this package's types; a foreign context answers for itself. Go: the Deadline
     * methods, each asking its parent.
     */
    static Optional<Instant> deadline(Context c) {
        for (;;) {
            if (c instanceof ValueCtx v) {
                c = v.parent;
            } else if (c instanceof CancelCtx cc) {
                if (cc.ownDeadline != null) {
                    return Optional.of(cc.ownDeadline);
                }
                c = cc.parent;
            } else if (c instanceof BackgroundCtx || c instanceof WithoutCancelCtx) {
                return Optional.empty();
            } else {
                return c.deadline();
            }
        }
    }

    /** The first context up from {@code c} that is not a value context: the one whose done and err a value context shows. */
    static Context skipValues(Context c) {
        while (c instanceof ValueCtx v) {
            c = v.parent;
        }
        return c;
    }

    /**
     * Go's name of the context, e.g. {@code context.Background.WithCancel.WithValue(k, type)},
     * built in a loop so a deep chain cannot overflow the stack; a foreign context names itself
     * and its ancestors with its own {@code toString}. Go: contextName and the String methods.
     */
    static String name(Context c) {
        List<String> suffixes = new ArrayList<>();
        for (;;) {
            if (c instanceof ValueCtx v) {
                suffixes.add(".WithValue(" + v.key + ", " + (v.val == null ? "null" : v.val.getClass().getName()) + ")");
                c = v.parent;
            } else if (c instanceof CancelCtx cc) {
                suffixes.add(cc.ownDeadline == null ? ".WithCancel"
                        : ".WithDeadline(" + cc.ownDeadline + " [" + Duration.between(Instant.now(), cc.ownDeadline) + "])");
                c = cc.parent;
            } else if (c instanceof WithoutCancelCtx w) {
                suffixes.add(".WithoutCancel");
                c = w.parent;
            } else {
                break;
            }
        }
        StringBuilder b = new StringBuilder(c instanceof BackgroundCtx ? "context.Background" : String.valueOf(c));
        for (int i = suffixes.size() - 1; i >= 0; i--) {
            b.append(suffixes.get(i));
        }
        return b.toString();
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
