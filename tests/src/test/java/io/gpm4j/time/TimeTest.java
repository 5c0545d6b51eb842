package io.gpm4j.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.Select;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Timers on the scheduler's per-P heaps: sleep, after, timers, afterFunc, tickers. */
class TimeTest {
    @Test
    void sleepNeverReturnsEarlyInGoroutinesOrOnPlainThreads() {
        AtomicInteger early = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Go.run(() -> {
            for (int i = 0; i < 200; i++) {
                long ms = 1 + i % 25;
                Go.go(() -> {
                    long t0 = System.nanoTime();
                    Time.sleep(Duration.ofMillis(ms));
                    if (System.nanoTime() - t0 < ms * 1_000_000) {
                        early.incrementAndGet();
                    }
                    done.incrementAndGet();
                });
            }
            long t0 = System.nanoTime();
            Time.sleep(Duration.ofMillis(40)); // main sleeps too: a pending timer is no deadlock
            assertTrue(System.nanoTime() - t0 >= 40_000_000L);
            while (done.get() < 200) {
                Time.sleep(Duration.ofMillis(1));
            }
        });
        assertEquals(0, early.get());
        long t0 = System.nanoTime();
        Time.sleep(Duration.ofMillis(20));
        assertTrue(System.nanoTime() - t0 >= 20_000_000L);
    }

    @Test
    void aMillionGoroutinesSleepAtOnce() {
        int n = 1_000_000;
        AtomicInteger woke = new AtomicInteger();
        AtomicLong earliestWake = new AtomicLong(Long.MAX_VALUE);
        long[] started = new long[1];
        Go.run(() -> {
            started[0] = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    Time.sleep(Duration.ofMillis(500));
                    earliestWake.accumulateAndGet(System.nanoTime(), Math::min);
                    woke.incrementAndGet();
                });
            }
            while (woke.get() < n) {
                Time.sleep(Duration.ofMillis(20));
            }
        });
        assertEquals(n, woke.get());
        assertTrue(earliestWake.get() - started[0] >= 500_000_000L, "a sleeper woke early");
    }

    @Test
    void afterDeliversTheTimeOnceTheDurationHasPassed() {
        Go.run(() -> {
            Instant before = Instant.now();
            long t0 = System.nanoTime();
            Instant at = Time.after(Duration.ofMillis(30)).recv();
            assertTrue(System.nanoTime() - t0 >= 30_000_000L);
            assertNotNull(at);
            assertFalse(at.isBefore(before.plusMillis(29)));
        });
    }

    @Test
    void aStoppedTimerNeverFiresAndStopAndResetReturnGosValues() {
        Go.run(() -> {
            Timer t = Time.newTimer(Duration.ofMillis(30));
            assertTrue(t.stop(), "stopping a pending timer");
            assertFalse(t.stop(), "stopping a stopped timer");
            Time.sleep(Duration.ofMillis(80));
            assertEquals(-1, Select.trySelect(Select.recv(t.c())), "a stopped timer must not fire");

            assertFalse(t.reset(Duration.ofMillis(10)), "reset of an inactive timer");
            assertNotNull(t.c().recv());
            assertFalse(t.stop(), "stopping a timer that fired");

            Timer u = Time.newTimer(Duration.ofHours(1));
            assertTrue(u.reset(Duration.ofMillis(5)), "reset of an active timer");
            assertNotNull(u.c().recv());
        });
    }

    @Test
    void afterFuncRunsTheFunctionInItsOwnGoroutine() {
        AtomicLong ranIn = new AtomicLong();
        long[] caller = new long[1];
        Go.run(() -> {
            caller[0] = Go.goid();
            Chan<Boolean> done = Chan.make();
            Time.afterFunc(Duration.ofMillis(10), () -> {
                ranIn.set(Go.goid());
                done.send(true);
            });
            done.recv();
            Timer never = Time.afterFunc(Duration.ofMillis(20), () -> ranIn.set(-1));
            assertTrue(never.stop());
            Time.sleep(Duration.ofMillis(50));
        });
        assertTrue(ranIn.get() > 0);
        assertNotEquals(caller[0], ranIn.get());
    }

    @Test
    void aSlowReaderOfATickerDropsTicks() {
        Go.run(() -> {
            Ticker ticker = Time.newTicker(Duration.ofMillis(5));
            Time.sleep(Duration.ofMillis(100)); // about 20 ticks come and go
            assertEquals(1, ticker.c().len(), "at most one tick waits");
            ticker.c().recv();
            int got = 0;
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 100_000_000L) {
                ticker.c().recv();
                got++;
            }
            assertTrue(got >= 5 && got <= 25, "ticks in 100 ms at 5 ms: " + got);
            ticker.stop();
            Time.sleep(Duration.ofMillis(30));
            Select.trySelect(Select.recv(ticker.c())); // one may have been sent before stop
            Time.sleep(Duration.ofMillis(30));
            assertEquals(-1, Select.trySelect(Select.recv(ticker.c())), "a stopped ticker must not tick");
        });
    }

    @Test
    void selectWithATimeout() {
        Go.run(() -> {
            Chan<String> never = Chan.make();
            long t0 = System.nanoTime();
            int i = Select.select(Select.recv(never), Select.recv(Time.after(Duration.ofMillis(25))));
            assertEquals(1, i);
            assertTrue(System.nanoTime() - t0 >= 25_000_000L);
        });
    }
}
