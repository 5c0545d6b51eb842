package io.gpm4j.runtime;

import io.gpm4j.DeadlockException;

/**
 * Internal: not part of the public API; public because the agent's main mode rewrites the
 * application's {@code main} to call it.
 *
 * <p>The agent's {@code main} mode: the application's {@code main} runs as the main goroutine (G1)
 * on the JVM's main thread (m0), with Go's ending. The agent rewrites the main class's
 * {@code main} to begin with {@code if (GoMain.enter()) { GoMain.run(() -> main(args)); return; }};
 * the second entry, from inside the goroutine, finds {@link #enter} false and runs the body.
 *
 * <p>A deadlock prints Go's {@code fatal error: all goroutines are asleep - deadlock!} and the
 * goroutine dump on standard error and exits with status 2. Go: runtime.main.
 */
public final class GoMain {
    private static volatile boolean entered;

    private GoMain() {
    }

    /** True exactly once: at the first entry of the application's main. */
    public static synchronized boolean enter() {
        if (entered) {
            return false;
        }
        entered = true;
        return true;
    }

    /** Runs the application's main as the main goroutine; exits with 2 on a deadlock. */
    public static void run(Runnable main) {
        try {
            Goroutines.run(main);
        } catch (DeadlockException e) {
            Fatal.exit(e.getMessage());
        }
    }
}
