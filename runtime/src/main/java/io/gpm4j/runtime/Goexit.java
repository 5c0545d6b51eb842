package io.gpm4j.runtime;

/**
 * Thrown by {@code Go.goexit} to unwind the calling goroutine, running its {@code finally}
 * blocks on the way; the scheduler ends the goroutine when it reaches the bottom. Carries no
 * stack trace. Go: runtime.Goexit (which runs deferred calls).
 */
final class Goexit extends Error {
    private static final long serialVersionUID = 1L;
    static final Goexit INSTANCE = new Goexit();

    private Goexit() {
        super("runtime.Goexit", null, false, false);
    }
}
