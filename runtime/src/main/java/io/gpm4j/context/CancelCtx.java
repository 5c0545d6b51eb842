package io.gpm4j.context;

import io.gpm4j.Chan;
import io.gpm4j.sync.Mutex;
import io.gpm4j.time.Time;
import io.gpm4j.time.Timer;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * A context that can be cancelled, by its owner, by its parent, or by its own deadline when it
 * has one. It keeps its error (set once), its done channel (made when first asked for, closed
 * once) and the cancellable children registered with it; cancelling it cancels them all. See the
 * package essay for the protocol.
 *
 * <p>Go: cancelCtx and timerCtx (context.go), one class: a null {@link #ownDeadline} is a
 * cancelCtx, a non-null one a timerCtx with its timer.
 */
final class CancelCtx extends TreeCtx implements CancelContext {
    /**
     * The done channel of a context cancelled before anyone asked for its own: closed once, at
     * class initialisation. Go: closedchan.
     */
    static final Chan<Void> CLOSED = closedChan();

    final Context parent;
    /** This context's own deadline, or null (then the parent's applies). Immutable. Go: timerCtx.deadline. */
    final Instant ownDeadline;
    /**
     * Guards {@link #children}, {@link #timer}, the making of {@link #done} and the writing of
     * {@link #err}. Held only for a few field updates and a channel close, never across a wait
     * for anything else, and never together with another context's. A {@link Mutex}, not a
     * monitor: a goroutine that meets it held parks instead of blocking its carrier. Go: cancelCtx.mu.
     */
    private final Mutex mu = new Mutex();
    /**
     * Null until asked for or cancelled; then a channel of its own, or {@link #CLOSED} when
     * cancelled first. Written under mu, read without it (volatile). Go: cancelCtx.done.
     */
    private volatile Chan<Void> done;
    /**
     * Null until cancelled; written once, under mu, before done is closed, so whoever wakes on
     * done sees it. Go: cancelCtx.err.
     */
    private volatile CancellationException err;
    /** The registered cancellable children; null when none, and for good once cancelled. Guarded by mu. Go: children. */
    private Set<CancelCtx> children;
    /** The deadline's timer while armed; null before, and after cancel stops it. Guarded by mu. Go: timerCtx.timer. */
    private Timer timer;

    private CancelCtx(Context parent, Instant deadline) {
        this.parent = parent;
        this.ownDeadline = deadline;
    }

    /** Go: WithCancel. {@code parent} is non-null. */
    static CancelCtx withCancel(Context parent) {
        CancelCtx c = new CancelCtx(parent, null);
        Tree.propagateCancel(parent, c);
        return c;
    }

    /**
     * Go: WithDeadline (and WithTimeout, which passes its {@code timeout} so the timer runs on
     * the monotonic clock; null for a deadline given as an instant). Arguments non-null but
     * {@code timeout}.
     */
    static CancelCtx withDeadline(Context parent, Instant deadline, Duration timeout) {
        Optional<Instant> current = Tree.deadline(parent);
        if (current != null && current.isPresent() && current.get().isBefore(deadline)) {
            return withCancel(parent); // the parent's deadline comes first and stays in force
        }
        CancelCtx c = new CancelCtx(parent, deadline);
        Tree.propagateCancel(parent, c);
        Duration left = timeout != null ? timeout : Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            c.cancel(true, true); // deadline already passed
        } else {
            c.arm(left);
        }
        return c;
    }

    /** {@code t + d}, saturated at the ends of {@link Instant}'s range. */
    static Instant plus(Instant t, Duration d) {
        try {
            return t.plus(d);
        } catch (DateTimeException | ArithmeticException e) {
            return d.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    /** Arms the deadline's timer, unless a cancellation got there first. Once, by the factory. */
    private void arm(Duration left) {
        mu.lock();
        try {
            if (err == null) {
                timer = Time.afterFunc(left, this::expire);
            }
        } finally {
            mu.unlock();
        }
    }

    /** The deadline's timer fired; runs in the timer's goroutine. */
    private void expire() {
        cancel(true, true);
    }

    @Override
    public void cancel() {
        cancel(true, false);
    }

    /**
     * Cancels this context (unless it is already) and then its descendants, with a
     * {@link DeadlineExceeded} when {@code deadlineExceeded}, else a {@link Canceled}; then, when
     * {@code removeFromParent}, unregisters it from its parent (false when the parent is the one
     * cancelling it, and has dropped its children already). Holds one context's lock at a time.
     * Any thread. Go: cancelCtx.cancel (timerCtx.cancel).
     */
    void cancel(boolean removeFromParent, boolean deadlineExceeded) {
        Set<CancelCtx> kids = cancelOne(deadlineExceeded);
        if (kids == ALREADY) {
            return;
        }
        if (kids != null) {
            // Breadth first with a work list: a chain of a million contexts must not overflow the stack.
            ArrayDeque<CancelCtx> work = new ArrayDeque<>(kids);
            for (CancelCtx c; (c = work.poll()) != null; ) {
                Set<CancelCtx> more = c.cancelOne(deadlineExceeded);
                if (more != null && more != ALREADY) {
                    work.addAll(more);
                }
            }
        }
        if (removeFromParent) {
            Tree.removeChild(parent, this);
        }
    }

    /** What {@link #cancelOne} returns when the context was cancelled before; compared by identity. */
    private static final Set<CancelCtx> ALREADY = Collections.unmodifiableSet(new HashSet<>());

    /**
     * Cancels this context alone, under its lock: sets err, closes done, stops the timer, and
     * returns the children it had (null when none), which it forgets; {@link #ALREADY} when it
     * was cancelled before.
     */
    private Set<CancelCtx> cancelOne(boolean deadlineExceeded) {
        mu.lock();
        try {
            if (err != null) {
                return ALREADY;
            }
            err = deadlineExceeded ? new DeadlineExceeded() : new Canceled();
            Chan<Void> d = done;
            if (d == null) {
                done = CLOSED;
            } else {
                closeDone(d);
            }
            if (timer != null) {
                timer.stop();
                timer = null;
            }
            Set<CancelCtx> kids = children;
            children = null;
            return kids;
        } finally {
            mu.unlock();
        }
    }

    /**
     * Closes the done channel. Someone who broke the contract and closed it already does not get
     * to stop the cancellation: err is set and the children still get cancelled.
     */
    private static void closeDone(Chan<Void> d) {
        try {
            d.close();
        } catch (IllegalStateException closedByAUser) {
            // the channel is closed, which is what we wanted
        }
    }

    /**
     * Registers {@code child}, or, when this context is cancelled already, cancels the child
     * with this one's kind of error. Called by {@link Tree#propagateCancel} only.
     */
    void adopt(CancelCtx child) {
        CancellationException e;
        mu.lock();
        try {
            e = err;
            if (e == null) {
                if (children == null) {
                    children = new HashSet<>(); // identity: CancelCtx keeps Object's equals
                }
                children.add(child);
                return;
            }
        } finally {
            mu.unlock();
        }
        child.cancel(false, e instanceof DeadlineExceeded);
    }

    /** Unregisters a cancelled child. Called by {@link Tree#removeChild} only. */
    void forget(CancelCtx child) {
        mu.lock();
        try {
            if (children != null) {
                children.remove(child);
            }
        } finally {
            mu.unlock();
        }
    }

    /** The number of registered children (for tests: a cancelled child must not stay). */
    int childCount() {
        mu.lock();
        try {
            return children == null ? 0 : children.size();
        } finally {
            mu.unlock();
        }
    }

    /** Whether the deadline's timer is armed (for tests: cancel must stop it). */
    boolean timerArmed() {
        mu.lock();
        try {
            return timer != null;
        } finally {
            mu.unlock();
        }
    }

    @Override
    public Chan<Void> done() {
        Chan<Void> d = done;
        if (d != null) {
            return d;
        }
        mu.lock();
        try {
            d = done;
            if (d == null) {
                d = Chan.make();
                done = d;
            }
            return d;
        } finally {
            mu.unlock();
        }
    }

    @Override
    public CancellationException err() {
        return err;
    }

    private static Chan<Void> closedChan() {
        Chan<Void> c = Chan.make();
        c.close();
        return c;
    }
}
