package io.gpm4j.bench.sidebyside;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK side of {@link TickerCpu} and {@code bench/go/ticker/main.go}: two virtual threads hand
 * a counter back and forth through {@code SynchronousQueue}s, each sleeping {@code -sleep-us}
 * (default 1,000) in {@code Thread.sleep} before it passes it on. Same measurement; prints
 * {@code RESULT ticker vthreads cpu_percent=...}.
 */
public final class VirtualTickerCpu {
    private VirtualTickerCpu() {
    }

    public static void main(String[] args) throws InterruptedException {
        long sleepMicros = SideBySide.intArg(args, "-sleep-us", 1_000);
        int warmupMs = SideBySide.intArg(args, "-warmup-ms", 2_000);
        int measureMs = SideBySide.intArg(args, "-measure-ms", 5_000);
        ThreadFactory vt = SideBySide.virtualThreadsOrSkip("ticker");
        if (vt == null) {
            return;
        }
        AtomicLong handOns = new AtomicLong();
        SynchronousQueue<Long> ping = new SynchronousQueue<>();
        SynchronousQueue<Long> pong = new SynchronousQueue<>();
        vt.newThread(() -> player(ping, pong, sleepMicros, handOns)).start();
        vt.newThread(() -> player(pong, ping, sleepMicros, handOns)).start();
        ping.put(0L);
        SideBySide.CpuMeter meter = SideBySide.measureCpu(warmupMs, measureMs, handOns::get);
        SideBySide.resultLine("ticker", "vthreads", meter + " sleep_us=" + sleepMicros + " parallelism=" + SideBySide.parallelism());
        System.exit(0);
    }

    private static void player(SynchronousQueue<Long> in, SynchronousQueue<Long> out, long sleepMicros, AtomicLong handOns) {
        try {
            for (;;) {
                long v = in.take();
                Thread.sleep(sleepMicros / 1_000, (int) (sleepMicros % 1_000) * 1_000);
                handOns.incrementAndGet();
                out.put(v + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
