package io.gpm4j.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * The runtime's own waits keep a thread's interrupt instead of ending on it.
 *
 * <p>{@code LockSupport.park} returns at once while the thread's interrupt flag is set, and a
 * {@code Selector} does not block either; the scheduler's waits are loops around them (an idle M
 * waiting to be handed a P, the poller until the next timer, a pinned goroutine until readied), so
 * a set flag turned each into a busy loop: one core at 100 % for as long as the runtime idled.
 * And the flag is easily set: a goroutine's {@code Thread.currentThread()} is its carrier, so the
 * common {@code catch (InterruptedException e) { Thread.currentThread().interrupt(); }} sets the
 * carrier's. A wait therefore takes the flag ({@link #park}, {@link #parkNanos},
 * {@link #take}) and gives it back when the wait is over ({@link #restore}): the next code to
 * run on the thread sees it, as the README documents for a carrier's interrupt, and nothing
 * spins meanwhile.
 *
 * <p>Go has no interrupts; nothing here has a Go name.
 */
final class Interrupts {
    private Interrupts() {
    }

    /** Parks the calling thread; returns whether it was interrupted (the flag is now clear). */
    static boolean park(Object blocker) {
        LockSupport.park(blocker);
        return Thread.interrupted();
    }

    /** Parks the calling thread for up to {@code nanos}; returns whether it was interrupted (the flag is now clear). */
    static boolean parkNanos(Object blocker, long nanos) {
        LockSupport.parkNanos(blocker, nanos);
        return Thread.interrupted();
    }

    /** Clears the calling thread's interrupt flag (before a blocking select); returns whether it was set. */
    static boolean take() {
        return Thread.interrupted();
    }

    /** Sets the calling thread's interrupt flag again if a wait took it. */
    static void restore(boolean taken) {
        if (taken) {
            Thread.currentThread().interrupt();
        }
    }
}
