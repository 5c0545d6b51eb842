package io.gpm4j.time;

import io.gpm4j.Chan;
import io.gpm4j.runtime.RuntimeTimer;
import java.time.Duration;
import java.time.Instant;

/** A single event in the future ({@code time.Timer}). */
public final class Timer {
    private final RuntimeTimer timer;
    private final Chan<Instant> c;

    Timer(RuntimeTimer timer, Chan<Instant> c) {
        this.timer = timer;
        this.c = c;
    }

    /** The channel the time is sent on; null for a timer made by {@code afterFunc}. */
    public Chan<Instant> c() {
        return c;
    }

    /**
     * Prevents the timer from firing; true if this call stopped it, false if it had already
     * fired or been stopped ({@code Timer.Stop}). Does not drain the channel.
     */
    public boolean stop() {
        return timer.stop();
    }

    /**
     * Re-arms the timer to fire after {@code d}; true if it had been active ({@code Timer.Reset}).
     */
    public boolean reset(Duration d) {
        return timer.reset(Time.deadline(d), 0);
    }
}
