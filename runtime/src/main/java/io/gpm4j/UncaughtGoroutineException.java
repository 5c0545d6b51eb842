package io.gpm4j;

/**
 * An exception that ended a goroutine, as the default uncaught-exception handler receives it:
 * {@link #getCause()} is what the goroutine threw, {@link #goid()} names the goroutine. The
 * program goes on (unless the agent option {@code panic=exit} is set, which makes it fatal as
 * in Go). Go: a panic reaching the top of a goroutine.
 */
public final class UncaughtGoroutineException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long goid;

    /**
     * @param goid  the id of the goroutine the exception ended
     * @param cause what the goroutine threw
     */
    public UncaughtGoroutineException(long goid, Throwable cause) {
        super("uncaught exception in goroutine " + goid, cause);
        this.goid = goid;
    }

    /** The id of the goroutine the exception ended. */
    public long goid() {
        return goid;
    }
}
