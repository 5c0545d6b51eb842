package io.gpm4j.time;

import org.junit.jupiter.api.Tag;
import io.gpm4j.TestSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Tag(TestSupport.EXACT_SCHEDULE) // chaos mode changes the schedule this test checks, by design
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
            awaitLen(ticker.c(), 1); // the first tick waits for its reader
            Time.sleep(Duration.ofMillis(100)); // about 20 more periods: their ticks are dropped
            assertEquals(1, ticker.c().len(), "at most one tick waits");
            Instant first = ticker.c().recv();
            Instant previous = first;
            for (int i = 0; i < 5; i++) {
                Instant next = ticker.c().recv(); // ticks go on after a drop
                assertTrue(next.isAfter(previous), previous + " then " + next);
                previous = next;
            }
            ticker.stop();
            Select.trySelect(Select.recv(ticker.c())); // one may have been sent before stop
            Time.sleep(Duration.ofMillis(60)); // twelve periods
            assertEquals(-1, Select.trySelect(Select.recv(ticker.c())), "a stopped ticker must not tick");
        });
    }

    /** Ticker.reset changes the period: an hour becomes 5 ms, and back; a stopped ticker restarts. */
    @Test
    void tickerResetChangesThePeriodAndRestartsAStoppedTicker() {
        Go.run(() -> {
            Ticker ticker = Time.newTicker(Duration.ofHours(1));
            ticker.reset(Duration.ofMillis(5));
            Instant a = recvOrFail(ticker.c(), "a tick after reset to 5 ms");
            Instant b = recvOrFail(ticker.c(), "a second tick: reset keeps it periodic");
            assertTrue(b.isAfter(a));

            ticker.reset(Duration.ofHours(1));
            Select.trySelect(Select.recv(ticker.c())); // a tick sent before the reset
            Time.sleep(Duration.ofMillis(60));
            assertEquals(-1, Select.trySelect(Select.recv(ticker.c())), "no tick within an hour's period");

            ticker.stop();
            ticker.reset(Duration.ofMillis(5));
            recvOrFail(ticker.c(), "a tick from a stopped ticker after reset");
            ticker.stop();

            assertThrows(IllegalArgumentException.class, () -> ticker.reset(Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> ticker.reset(Duration.ofMillis(-1)));
        });
    }

    /**
     * Reset of a timer that fired but whose value was not read. This runtime's timer channel is
     * Go's before 1.23 (buffered, capacity 1, never drained by Stop or Reset; see Timer.stop):
     * reset returns false (the timer had expired), the stale value stays in the channel and is
     * what the next receive gets, and the re-armed timer fires again afterwards.
     */
    @Test
    void resetOfAFiredButUnreadTimerKeepsTheStaleValue() {
        Go.run(() -> {
            Timer t = Time.newTimer(Duration.ofMillis(1));
            awaitLen(t.c(), 1); // fired, not read
            Instant beforeReset = Instant.now();
            assertFalse(t.reset(Duration.ofMillis(5)), "reset of an expired timer returns false");
            Instant stale = t.c().recv();
            assertFalse(stale.isAfter(beforeReset), "the first receive gets the stale value: " + stale + " vs " + beforeReset);
            Instant fresh = recvOrFail(t.c(), "the re-armed timer fires");
            assertTrue(fresh.isAfter(stale));
            assertFalse(t.stop(), "it fired");

            // the same with a reset to an hour: the stale value is still there, the hour pending
            Timer u = Time.newTimer(Duration.ofMillis(1));
            awaitLen(u.c(), 1);
            assertFalse(u.reset(Duration.ofHours(1)));
            assertEquals(1, u.c().len());
            assertNotNull(u.c().recv());
            assertTrue(u.stop(), "the hour-long timer was pending");
            assertEquals(0, u.c().len());
        });
    }

    /** Timers, sleep, after and a blocking select used from a plain thread, with no goroutine involved. */
    @Test
    void timersAndABlockingSelectOnAPlainThread() throws Exception {
        assertEquals(0, Go.goid(), "a plain thread");
        Timer t = Time.newTimer(Duration.ofMillis(5));
        assertNotNull(t.c().recv(), "a plain thread blocks for a timer");

        Chan<String> never = Chan.make();
        assertEquals(1, Select.select(Select.recv(never), Select.recv(Time.after(Duration.ofMillis(5)))),
                "a plain thread's select, woken by a timer");

        Ticker ticker = Time.newTicker(Duration.ofMillis(5));
        recvOrFail(ticker.c(), "a plain thread receives ticks");
        ticker.stop();

        Chan<Boolean> fired = Chan.make();
        Time.afterFunc(Duration.ofMillis(5), () -> fired.send(Go.goid() > 0));
        assertTrue(fired.recv(), "afterFunc runs its function in a goroutine, also when armed from a plain thread");

        // a blocking select on a plain thread, woken by a goroutine's send
        Chan<Integer> c = Chan.make();
        Select.Case<Integer> fromC = Select.recv(c);
        Go.go(() -> c.send(42));
        assertEquals(1, Select.select(Select.recv(never), fromC));
        assertEquals(42, fromC.value());
        assertTrue(fromC.ok());
    }

    /** Polls until {@code c} holds {@code n} values, yielding (or sleeping on a plain thread); 30 s deadline. */
    static void awaitLen(Chan<?> c, int n) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (c.len() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("channel len " + c.len() + ", expected " + n);
            }
            Time.sleep(Duration.ofMillis(1));
        }
    }

    /** Receives from {@code c}, failing (instead of hanging) after 30 s. */
    static Instant recvOrFail(Chan<Instant> c, String what) {
        Select.Case<Instant> got = Select.recv(c);
        if (Select.select(got, Select.recv(Time.after(Duration.ofSeconds(30)))) != 0) {
            throw new AssertionError("no " + what + " in 30 s");
        }
        return got.value();
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
