/**
 * Go's package {@code context}: cancellation trees, deadlines and request-scoped values, for
 * goroutines and plain threads alike.
 *
 * <h2>The tree</h2>
 * {@link io.gpm4j.context.Context#background()} is the root. Each {@code with...} factory makes a
 * child of a parent: {@code withCancel}, {@code withTimeout} and {@code withDeadline} a
 * {@code CancelCtx} (Go: cancelCtx, and timerCtx when it has a deadline of its own), which the
 * caller cancels with {@link io.gpm4j.context.CancelContext#cancel()} (or {@code close()}, so that
 * try-with-resources plays Go's {@code defer cancel()}); {@code withValue} a {@code ValueCtx}
 * (Go: valueCtx), one key and value over its parent; {@code withoutCancel} a
 * {@code WithoutCancelCtx}, the parent's values without its cancellation.
 *
 * <h2>Cancellation (Go: propagateCancel, cancelCtx.cancel, removeChild)</h2>
 * A {@code CancelCtx} registers with its nearest cancellable ancestor, found by walking up through
 * value contexts (Go: parentCancelCtx). Cancelling a context, under its {@code Mutex}, sets its
 * {@code err} (once; a later cancel does nothing), closes its done channel (once) and takes its
 * set of children; then, with no lock held, cancels each child the same way, breadth first (Go
 * recurses while holding the parent's lock; an explicit work list keeps a deep chain of contexts
 * off the Java stack). Finally the context removes itself from its parent's set, so a long-lived
 * parent does not keep its cancelled children. A child made under a parent that is already
 * cancelled is cancelled before the factory returns ("born cancelled"), with the parent's kind of
 * error. The {@code err} is written before the done channel is closed, so whoever is woken by
 * {@code done()} sees it.
 *
 * <p>A parent that is not one of this package's types (a user's own {@code Context}) is handled
 * as Go does: if it wraps one of ours and returns the same done channel, the child registers with
 * that one; otherwise one goroutine per such child waits on the parent's and the child's done
 * channels, whichever closes first.
 *
 * <h2>Deadlines (Go: WithDeadline, timerCtx)</h2>
 * The earlier of the parent's deadline and the child's own wins: a child whose parent ends
 * sooner is a plain cancellable context. Otherwise the child arms one runtime timer
 * ({@link io.gpm4j.time.Time#afterFunc}, on the Ps' timer heaps: no thread per context), whose
 * goroutine cancels it with {@link io.gpm4j.context.DeadlineExceeded}; cancelling stops the
 * timer. A deadline already past makes the child born done. A pending deadline is a pending
 * timer, so, as in Go, it keeps deadlock detection from firing until it passes.
 *
 * <h2>Done channels</h2>
 * A {@code CancelCtx} makes its done channel only when someone asks (Go: the lazy
 * {@code cancelCtx.done}); one cancelled before anybody asked hands out a shared closed channel
 * (Go: closedchan). Contexts that are never cancelled ({@code background()},
 * {@code withoutCancel}, values over them) return one shared channel that is never closed, where
 * Go returns a nil channel: receiving from it blocks for good, and a select case on it is never
 * ready, as with Go's nil. Done channels are receive-only by contract (Go's type
 * {@code <-chan struct{}} enforces it, Java cannot): never send on one or close it.
 *
 * <h2>Errors</h2>
 * {@code err()} is null until the context is done, then a {@link io.gpm4j.context.Canceled} or a
 * {@link io.gpm4j.context.DeadlineExceeded}, the same instance on every call. Each context has an
 * instance of its own (Go shares two sentinels, but a Java exception is mutable: suppressed
 * exceptions added by one thrower would show up everywhere); test the kind with
 * {@code instanceof}. They carry no stack trace: where a cancellation was decided tells nothing
 * about where it is observed.
 */
package io.gpm4j.context;
