package io.gpm4j;

import io.gpm4j.runtime.Continuation;
import io.gpm4j.runtime.Goroutines;

/**
 * Goroutines and the runtime: Go's {@code go} statement and package {@code runtime}.
 *
 * <p>Every blocking call works in a goroutine (it suspends the goroutine and its carrier runs
 * others) and on a plain thread (it blocks the thread).
 */
public final class Go {
    private Go() {
    }

    /** Starts a goroutine running {@code fn} ({@code go fn()}); from goroutines and plain threads alike. */
    public static void go(Runnable fn) {
        Goroutines.go(fn);
    }

    /**
     * Boots the runtime if needed, makes the calling thread an M (m0 the first time), runs
     * {@code main} as the main goroutine on it and returns when {@code main} returns.
     *
     * @throws DeadlockException when {@code main} is blocked and nothing can ever wake it
     * @throws RuntimeException  or {@link Error}: what {@code main} throws
     */
    public static void run(Runnable main) {
        Goroutines.run(main);
    }

    /** Yields the processor: the goroutine goes to the global run queue (Go: runtime.Gosched). */
    public static void gosched() {
        if (Goroutines.prepareGosched()) {
            Continuation.suspend();
        }
    }

    /** Ends the calling goroutine after running its {@code finally} blocks (Go: runtime.Goexit). */
    public static void goexit() {
        Goroutines.goexit();
    }

    /** Live goroutines (Go: runtime.NumGoroutine). */
    public static int numGoroutine() {
        return Goroutines.numGoroutine();
    }

    /** The number of Ps. */
    public static int gomaxprocs() {
        return Goroutines.gomaxprocs();
    }

    /** Sets the number of Ps when {@code n >= 1}; returns the previous value (Go: runtime.GOMAXPROCS). */
    public static int gomaxprocs(int n) {
        return Goroutines.gomaxprocs(n);
    }

    /** The calling goroutine's id (the main goroutine is 1), 0 on a plain thread. */
    public static long goid() {
        return Goroutines.goid();
    }

    /** Go-format dump of the calling goroutine, or of all (Go: runtime.Stack). */
    public static String stack(boolean all) {
        return Goroutines.stack(all);
    }
}
