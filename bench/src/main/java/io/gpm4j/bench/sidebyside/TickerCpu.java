package io.gpm4j.bench.sidebyside;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.time.Time;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU of a program that wakes briefly and often, under the agent: the gpm4j side of
 * {@code bench/go/ticker/main.go}. GOMAXPROCS = CPU count. Two goroutines hand a counter back and
 * forth on unbuffered channels, each sleeping {@code -sleep-us} (default 1,000) before it passes
 * it on, so every P is idle most of the time and leaves the idle list about a thousand times a
 * second (a ticker, a timer loop, a mostly idle service). After a {@code -warmup-ms} warm-up
 * (default 2,000), measures the process's CPU time over {@code -measure-ms} (default 5,000) of
 * wall time; prints {@code RESULT ticker gpm4j cpu_percent=... hand_ons=...} (percent of one
 * core; lower is better; the whole process, JIT and GC included, as Go's figure is).
 */
public final class TickerCpu {
    private TickerCpu() {
    }

    public static void main(String[] args) {
        long sleepMicros = SideBySide.intArg(args, "-sleep-us", 1_000);
        int warmupMs = SideBySide.intArg(args, "-warmup-ms", 2_000);
        int measureMs = SideBySide.intArg(args, "-measure-ms", 5_000);
        Duration sleep = Duration.ofNanos(sleepMicros * 1_000);
        AtomicLong handOns = new AtomicLong();
        Chan<Long> ping = Chan.make();
        Chan<Long> pong = Chan.make();
        Go.go(() -> player(ping, pong, sleep, handOns));
        Go.go(() -> player(pong, ping, sleep, handOns));
        ping.send(0L); // from this (plain) thread: the first player takes it
        SideBySide.CpuMeter meter = SideBySide.measureCpu(warmupMs, measureMs, handOns::get);
        SideBySide.resultLine("ticker", "gpm4j", meter + " sleep_us=" + sleepMicros + " gomaxprocs=" + Go.gomaxprocs());
        System.exit(0); // the players run for ever
    }

    private static void player(Chan<Long> in, Chan<Long> out, Duration sleep, AtomicLong handOns) {
        for (;;) {
            long v = in.recv();
            Time.sleep(sleep);
            handOns.incrementAndGet();
            out.send(v + 1);
        }
    }
}
