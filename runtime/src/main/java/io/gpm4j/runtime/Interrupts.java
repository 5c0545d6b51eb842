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
 * {@link #take}) and gives it back when the thread goes back to code that may want it: a plain
 * thread when its wait is over ({@link #restore}), an M when it next runs a goroutine
 * ({@link #keep}, {@link #giveBack}). The next code to run on the thread sees it, as the README
 * documents for a carrier's interrupt, and nothing spins meanwhile.
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

    /**
     * Sets the calling thread's interrupt flag again if a wait took it: for a thread that goes
     * back to its own code after the wait (a plain thread, a pinned goroutine's carrier). Not for
     * an M between scheduler waits ({@link #keep}): {@code Thread.interrupt} also leaves the
     * thread a park permit, so its next wait would return at once, and it would spin again.
     */
    static void restore(boolean taken) {
        if (taken) {
            Thread.currentThread().interrupt();
        }
    }

    /** An M's scheduler wait took the flag: {@code m} keeps it until it runs a goroutine ({@link #giveBack}). Owner M. */
    static void keep(M m, boolean taken) {
        if (taken) {
            m.interruptTaken = true;
        }
    }

    /**
     * Sets the calling thread's flag again if {@code m}'s waits took it: just before a goroutine's
     * code runs on the M, or when a Go.run call returns to its caller. Owner M.
     */
    static void giveBack(M m) {
        if (m.interruptTaken) {
            m.interruptTaken = false;
            Thread.currentThread().interrupt();
        }
    }
}
