package io.gpm4j.context;

import java.util.concurrent.CancellationException;

/**
 * Why a context is done when it was cancelled: by its own {@code cancel()} or an ancestor's
 * (Go: context.Canceled, "context canceled"). Each context holds an instance of its own; test
 * with {@code instanceof}. Carries no stack trace.
 */
public final class Canceled extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** An instance with Go's message, "context canceled". */
    public Canceled() {
        super("context canceled");
    }

    /** Records no stack trace: where a cancellation was decided says nothing about its observer. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
