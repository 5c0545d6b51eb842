package io.gpm4j;

/**
 * Thrown by {@code Go.run} when its main goroutine is blocked and nothing can ever wake it: no
 * goroutine can run, none is pinned to a blocked thread, no timer is pending and no plain thread
 * is blocked in the runtime. The message starts {@code all goroutines are asleep - deadlock!}
 * and goes on with the goroutine dump, as Go prints it. Go: checkdead's fatal error.
 */
public final class DeadlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeadlockException(String message) {
        super(message);
    }
}
