package org.example.jetty;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The work of {@code io.gpm4j.bench.jetty.Beside}'s goroutines done the way an application
 * without gpm4j does it: pairs of platform threads that pass a counter back and forth through
 * {@link SynchronousQueue}s (an unbuffered channel), each sleeping before it passes it on (an odd
 * one out only sleeps). With it, {@code bench/run-jetty.sh} tells what the goroutines cost the
 * server apart from what their own work costs: the same program, with and without gpm4j.
 */
final class Players {
    private static final AtomicLong HAND_OFFS = new AtomicLong();

    private Players() {
    }

    /** Starts {@code n} daemon threads; prints the hand-offs they made at exit. */
    static void start(int n, long sleepMicros) throws InterruptedException {
        for (int i = 0; i + 1 < n; i += 2) {
            SynchronousQueue<Long> ping = new SynchronousQueue<>();
            SynchronousQueue<Long> pong = new SynchronousQueue<>();
            daemon(() -> player(ping, pong, sleepMicros), "player-" + i);
            daemon(() -> player(pong, ping, sleepMicros), "player-" + (i + 1));
            ping.put(0L); // serve: the first player takes it
        }
        if (n % 2 == 1) {
            daemon(() -> {
                for (;;) {
                    sleep(sleepMicros);
                }
            }, "player-" + (n - 1));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.out.printf("threads: %d hand-offs%n", HAND_OFFS.get())));
    }

    private static void player(SynchronousQueue<Long> in, SynchronousQueue<Long> out, long sleepMicros) {
        try {
            for (;;) {
                long ball = in.take();
                sleep(sleepMicros);
                HAND_OFFS.incrementAndGet();
                out.put(ball + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
