package io.gpm4j.context;

import io.gpm4j.Chan;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * A cancellation signal, a deadline and request-scoped values, carried across API boundaries and
 * between goroutines (Go: context.Context). Contexts form a tree: each is made from a parent by
 * one of the static factories, and cancelling one cancels all of its descendants. Every method
 * may be called from any number of goroutines and plain threads at once.
 *
 * <p>Wait for cancellation in a {@link io.gpm4j.Select}:
 * <pre>{@code
 * try (CancelContext ctx = Context.withTimeout(parent, Duration.ofSeconds(2))) {
 *     Select.Case<Result> got = Select.recv(results);
 *     if (Select.select(got, Select.recv(ctx.done())) == 1) {
 *         throw ctx.err();                    // Canceled or DeadlineExceeded
 *     }
 *     return got.value();
 * }                                           // close() cancels: Go's defer cancel()
 * }</pre>
 *
 * <p>Implementations outside this package are allowed (a wrapper, say) and are propagated to as
 * in Go; the package's essay ({@code package-info}) explains how.
 */
public interface Context {
    /**
     * A channel that is closed when this context is cancelled or its deadline passes (Go: Done).
     * Use it in {@code Select.recv(ctx.done())}, or {@code recv()} it to wait. Never null: a
     * context that can never be cancelled returns a channel that is never closed. Receive only:
     * never send on it or close it.
     */
    Chan<Void> done();

    /**
     * Null while the context is not done; then why it is done (Go: Err): a {@link Canceled}
     * ("context canceled") or a {@link DeadlineExceeded} ("context deadline exceeded"), the same
     * instance on every call.
     */
    CancellationException err();

    /** When the context will be done by itself, if ever (Go: Deadline). */
    Optional<Instant> deadline();

    /**
     * The value bound to {@code key} by this context or the nearest ancestor that binds it, or
     * null when none does (Go: Value). Keys are compared with {@code equals}; to keep packages
     * from colliding, use keys of a private type or private instances (Go's advice).
     *
     * @throws NullPointerException when {@code key} is null
     */
    Object value(Object key);

    /** The root: never cancelled, no deadline, no values (Go: context.Background). */
    static Context background() {
        return BackgroundCtx.INSTANCE;
    }

    /**
     * A child of {@code parent} that is done when its {@link CancelContext#cancel()} is called
     * or when the parent is done, whichever happens first (Go: context.WithCancel). Cancel it
     * when the work it governs ends (try-with-resources does), so that the parent lets go of it.
     *
     * @throws NullPointerException when {@code parent} is null
     */
    static CancelContext withCancel(Context parent) {
        return CancelCtx.withCancel(Objects.requireNonNull(parent, "parent"));
    }

    /**
     * {@code withDeadline(parent, now + timeout)}, timed on the monotonic clock (Go:
     * context.WithTimeout). A timeout that is zero or negative gives a context that is already
     * done with {@link DeadlineExceeded}.
     *
     * @throws NullPointerException when {@code parent} or {@code timeout} is null
     */
    static CancelContext withTimeout(Context parent, Duration timeout) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(timeout, "timeout");
        return CancelCtx.withDeadline(parent, CancelCtx.plus(Instant.now(), timeout), timeout);
    }

    /**
     * A child of {@code parent} that is done when {@code deadline} passes (with
     * {@link DeadlineExceeded}), when it is cancelled, or when the parent is done, whichever
     * happens first (Go: context.WithDeadline). When the parent's deadline is earlier, that one
     * stays in force and this is {@link #withCancel}. A deadline in the past gives a context
     * that is already done. The deadline is one runtime timer, stopped by {@code cancel()}.
     *
     * @throws NullPointerException when {@code parent} or {@code deadline} is null
     */
    static CancelContext withDeadline(Context parent, Instant deadline) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(deadline, "deadline");
        return CancelCtx.withDeadline(parent, deadline, null);
    }

    /**
     * A child of {@code parent} in which {@code key} is bound to {@code value} (which may be
     * null), shadowing any binding of an equal key further up; done, deadline and everything else
     * are the parent's (Go: context.WithValue).
     *
     * @throws NullPointerException when {@code parent} or {@code key} is null
     */
    static Context withValue(Context parent, Object key, Object value) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(key, "key");
        return new ValueCtx(parent, key, value);
    }

    /**
     * A child of {@code parent} with the parent's values but none of its cancellation: never
     * done, no deadline, even when the parent is done (Go: context.WithoutCancel). For work that
     * must finish after the request that started it.
     *
     * @throws NullPointerException when {@code parent} is null
     */
    static Context withoutCancel(Context parent) {
        return new WithoutCancelCtx(Objects.requireNonNull(parent, "parent"));
    }
}
