package io.gpm4j.bench;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Goroutines that stay parked after {@code Go.run} returns, for benchmarks that need a scheduler
 * holding many of them ({@code io.gpm4j.runtime.LiveCountersBench}): each counts itself started
 * and parks in {@code recv} on one shared channel that nothing sends to, until it is closed.
 * In this package because the agent rewrites it (the runtime's own package it does not), so the
 * goroutines park instead of pinning their carriers.
 */
public final class ParkedGoroutines {
    private ParkedGoroutines() {
    }

    /**
     * Starts {@code n} goroutines and returns once all have started (the last ones may still be on
     * their way to the park); closing the returned channel wakes them, and they end.
     */
    public static Chan<Object> park(int n) {
        Chan<Object> release = Chan.make();
        AtomicInteger started = new AtomicInteger();
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    started.incrementAndGet();
                    release.recvOk();
                });
            }
            while (started.get() < n) {
                Go.gosched();
            }
        });
        return release;
    }
}
