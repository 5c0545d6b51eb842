package io.gpm4j.runtime;

/** An exception that ended a goroutine, as the default uncaught-exception handler receives it. */
public final class UncaughtGoroutineException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long goid;

    UncaughtGoroutineException(long goid, Throwable cause) {
        super("uncaught exception in goroutine " + goid, cause);
        this.goid = goid;
    }

    /** The id of the goroutine the exception ended. */
    public long goid() {
        return goid;
    }
}
