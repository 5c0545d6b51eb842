package io.gpm4j.runtime;

/**
 * One call of {@code Go.run}: its main goroutine and how it ended. The calling thread is the M
 * that waits for it. Fields are written by whichever M finishes the goroutine (or finds the
 * deadlock) before {@link #done} is set, and read by the caller after it sees {@link #done}.
 */
final class MainCall {
    /** The M of the calling thread, which runs the scheduler until the call ends. */
    M owner;
    /**
     * The main goroutine, set by newproc before it can run, cleared when it ends (the G is then
     * reused): the G keeps no field of its own for the few goroutines that are a Go.run's main.
     */
    G g;
    Throwable failure;
    String deadlock;
    volatile boolean done;
}
