package io.gpm4j.runtime;

/**
 * One call of {@code Go.run}: its main goroutine and how it ended. The calling thread is the M
 * that waits for it. Fields are written by whichever M finishes the goroutine (or finds the
 * deadlock) before {@link #done} is set, and read by the caller after it sees {@link #done}.
 */
final class MainCall {
    G g;
    Throwable failure;
    String deadlock;
    volatile boolean done;
}
