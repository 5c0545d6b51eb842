package io.gpm4j;

import io.gpm4j.runtime.Goroutines;
import io.gpm4j.runtime.Waiter;
import io.gpm4j.runtime.park.Parking;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A one-waiter count-down latch built on {@link Parking}, for tests: {@link #await} parks a
 * goroutine (or blocks a plain thread) without pinning, so the P is free while it waits. The
 * waiter is published from the park's unlock function, i.e. only once it is fully parked, so
 * {@link Waiter#ready} is never called on a waiter that is not parked.
 */
final class GLatch {
    private final AtomicInteger count;
    private final AtomicReference<Waiter> waiter = new AtomicReference<>();

    GLatch(int count) {
        this.count = new AtomicInteger(count);
    }

    void countDown() {
        if (count.decrementAndGet() == 0) {
            Waiter w = waiter.getAndSet(null);
            if (w != null) {
                w.ready();
            }
        }
    }

    long count() {
        return count.get();
    }

    /** Waits for the count to reach zero. One waiter at a time. */
    void await(String reason) {
        while (count.get() > 0) {
            Parking.park((w, lock) -> {
                waiter.set(w);
                // the count reached zero before we were published: nobody will ready us
                return !(count.get() <= 0 && waiter.compareAndSet(w, null));
            }, null, reason);
        }
    }

    /** The caller's waiter, for tests that park by hand. */
    static Waiter me() {
        return Goroutines.currentWaiter();
    }
}
