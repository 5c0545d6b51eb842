package io.gpm4j.runtime.park;

import io.gpm4j.runtime.Continuation;
import io.gpm4j.runtime.Goroutines;
import io.gpm4j.runtime.ParkUnlock;
import io.gpm4j.runtime.WaitReason;

/**
 * Internal: not part of the public API; public because channels, select, sync and time park through
 * it.
 *
 * <p>Parks the caller, goroutine or plain thread, until its {@link io.gpm4j.runtime.Waiter} is
 * readied. This package is rewritten by the agent like application code (the package
 * {@code io.gpm4j.runtime} itself is not), so a goroutine parks by suspending.
 *
 * <p>Go: gopark / goparkunlock.
 */
public final class Parking {
    private Parking() {
    }

    /**
     * Parks the caller. Get the caller's waiter first ({@code Goroutines.currentWaiter()}) and
     * queue it where the waker will find it, under {@code lock}; {@code unlock} releases that lock
     * once the caller is parked, so no wake-up is lost.
     *
     * @param reason Go's wait reason, for dumps ("chan receive", "sleep", ...)
     */
    public static void park(ParkUnlock unlock, Object lock, String reason) {
        // the same steps as the overload's, not a call to it: a dump shows one park frame
        WaitReason r = WaitReason.of(reason);
        if (Goroutines.prepareParkGoroutine(unlock, lock, r)) {
            Continuation.suspend();
            Goroutines.parkEnded();
        } else {
            Goroutines.parkThread(unlock, lock, r);
        }
    }

    /**
     * {@link #park(ParkUnlock, Object, String)} with a registered reason: the runtime's own parks,
     * which spare the lookup of the text.
     */
    public static void park(ParkUnlock unlock, Object lock, WaitReason reason) {
        if (Goroutines.prepareParkGoroutine(unlock, lock, reason)) {
            Continuation.suspend();
            Goroutines.parkEnded(); // for JFR; no local lives across the suspension
        } else {
            Goroutines.parkThread(unlock, lock, reason);
        }
    }
}
