package io.gpm4j.bench.jetty;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.time.Time;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Goroutines that run beside {@code org.example.jetty.JettyHello}'s server, as in an application that uses a few
 * goroutines for background work: pairs that pass a counter back and forth on unbuffered
 * channels, each sleeping {@code sleep} before it passes it on (an odd one out only sleeps).
 * A carrier thereby either runs a goroutine or waits in the poller for the next timer, and
 * neither returns it to the idle list, so the runtime's global hint that a continuation may be
 * mounted ({@code io.gpm4j.runtime.Frames.mounted}, which every rewritten prologue reads) stays
 * non-zero: every rewritten Jetty frame on every thread takes the slow prologue.
 *
 * <p>Once the server is up, a platform thread samples that hint every 10 ms, and a shutdown hook prints the
 * share of samples that found it non-zero, so that a run shows the goroutines did what they are
 * there for. Loaded only with {@code -goroutines}: it needs the runtime, which the agent's jar
 * provides.
 */
public final class Beside {
    private static final AtomicLong HAND_OFFS = new AtomicLong();

    private Beside() {
    }

    /** Starts {@code n} goroutines (the hint's sampler is {@link #sampleHint}'s, started once the server is up). */
    public static void start(int n, Duration sleep) {
        for (int i = 0; i + 1 < n; i += 2) {
            Chan<Long> ping = Chan.make();
            Chan<Long> pong = Chan.make();
            Go.go(() -> player(ping, pong, sleep));
            Go.go(() -> player(pong, ping, sleep));
            ping.send(0L); // serve, from this (plain) thread: the first player takes it
        }
        if (n % 2 == 1) {
            Go.go(() -> {
                for (;;) {
                    Time.sleep(sleep);
                }
            });
        }
    }

    private static void player(Chan<Long> in, Chan<Long> out, Duration sleep) {
        for (;;) {
            long ball = in.recv();
            Time.sleep(sleep);
            HAND_OFFS.incrementAndGet();
            out.send(ball + 1);
        }
    }

    /**
     * Starts the sampler of {@code Frames.mounted}: after the server's start-up, which it would
     * otherwise share the CPUs with (a thousand wake-ups a second of the harness, not of gpm4j).
     */
    public static void sampleHint() {
        long[] samples = new long[2]; // [0]: all, [1]: non-zero; written by the sampler only
        Thread sampler = new Thread(() -> {
            for (;;) {
                samples[0]++;
                if (io.gpm4j.runtime.Frames.mounted != 0) {
                    samples[1]++;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "mounted-hint sampler");
        sampler.setDaemon(true);
        sampler.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long all = samples[0];
            long nonZero = samples[1];
            System.out.printf("goroutines: %d hand-offs; hint Frames.mounted non-zero in %d of %d samples (%.1f %%)%n",
                    HAND_OFFS.get(), nonZero, all, all == 0 ? 0.0 : 100.0 * nonZero / all);
        }));
    }
}
