package io.gpm4j.time;

import io.gpm4j.Chan;
import io.gpm4j.runtime.RuntimeTimer;
import java.time.Duration;
import java.time.Instant;

/** Ticks at intervals ({@code time.Ticker}); a slow reader drops ticks, as in Go. */
public final class Ticker {
    private final RuntimeTimer timer;
    private final Chan<Instant> c;

    Ticker(RuntimeTimer timer, Chan<Instant> c) {
        this.timer = timer;
        this.c = c;
    }

    /** The channel the ticks are sent on (capacity 1). */
    public Chan<Instant> c() {
        return c;
    }

    /** Turns the ticker off; no more ticks are sent ({@code Ticker.Stop}). */
    public void stop() {
        timer.stop();
    }

    /**
     * Stops the ticker and resets its period to {@code d}; the next tick comes after {@code d}.
     *
     * @throws IllegalArgumentException when {@code d} is not positive
     */
    public void reset(Duration d) {
        long period = Time.saturatedNanos(d);
        if (period <= 0) {
            throw new IllegalArgumentException("non-positive interval for Ticker.Reset");
        }
        timer.reset(System.nanoTime() + period, period);
    }
}
