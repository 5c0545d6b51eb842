package io.gpm4j.context;

import java.util.concurrent.CancellationException;

/**
 * Why a context is done when its deadline, or an ancestor's, passed (Go:
 * context.DeadlineExceeded, "context deadline exceeded"). Each context holds an instance of its
 * own; test with {@code instanceof}. Carries no stack trace.
 */
public final class DeadlineExceeded extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** An instance with Go's message, "context deadline exceeded". */
    public DeadlineExceeded() {
        super("context deadline exceeded");
    }

    /** Records no stack trace: the deadline's timer goroutine is no useful place. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
