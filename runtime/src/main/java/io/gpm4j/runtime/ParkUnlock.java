package io.gpm4j.runtime;

/**
 * Internal: not part of the public API; public because channels, select, sync and time hand one to
 * every park.
 *
 * <p>Runs once a parking waiter is fully parked (a goroutine's frames saved, a thread marked
 * waiting), typically to release the lock the waiter was queued under. Returning false cancels
 * the park: the waiter goes on at once. Go: the unlockf of gopark.
 */
@FunctionalInterface
public interface ParkUnlock {
    boolean unlock(Waiter waiter, Object lock);
}
