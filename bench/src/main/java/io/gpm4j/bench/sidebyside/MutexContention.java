package io.gpm4j.bench.sidebyside;

import io.gpm4j.Go;
import io.gpm4j.sync.Mutex;
import io.gpm4j.sync.WaitGroup;
import java.util.Locale;

/**
 * Mutex contention, under the agent: the gpm4j side of {@code bench/go/mutex/main.go}.
 * GOMAXPROCS = CPU count. Per round {@code -g} goroutines (default 8) share one
 * {@link Mutex} and one counter; each does {@code n / g} iterations ({@code -n}, default
 * 5,000,000 per round) of: lock, increment the counter, unlock, then {@code -work} xorshift steps
 * (default 8) on a local value outside the lock, so that the holder does not simply take the lock
 * straight back. The main goroutine waits on a {@link WaitGroup} and checks the counter (a lost
 * increment means the mutex let two goroutines in). One warm-up round, then {@code -rounds}
 * (default 5) timed ones; prints {@code RESULT mutex gpm4j ns_per_op=...}, one op being one
 * iteration (one lock+unlock pair), and {@code xorshift=...}, the goroutines' final values xored:
 * the same in every implementation, a check that all did the same work outside the lock.
 */
public final class MutexContention {
    private MutexContention() {
    }

    public static void main(String[] args) {
        int n = SideBySide.intArg(args, "-n", 5_000_000);
        int goroutines = SideBySide.intArg(args, "-g", 8);
        int work = SideBySide.intArg(args, "-work", 8);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        int perG = n / goroutines;
        long ops = (long) goroutines * perG;
        long[] total = new long[1];
        long[] xor = new long[1]; // the last round's
        Go.run(() -> total[0] = SideBySide.timedRounds(rounds, () -> {
            Round result = round(goroutines, perG, work);
            xor[0] = result.xorshift();
            return result.ns();
        }, (r, ns) -> SideBySide.round("mutex", r, ns, ops, "lock+unlock")));
        SideBySide.result("mutex", "gpm4j", total[0], rounds * ops, String.format(Locale.ROOT,
                "goroutines=%d work=%d xorshift=%x gomaxprocs=%d", goroutines, work, xor[0], Go.gomaxprocs()));
    }

    /** A round's time and the xor of its goroutines' final values. */
    record Round(long ns, long xorshift) {
    }

    /** A mutex and the counter it guards. */
    static final class Shared {
        final Mutex mu = new Mutex();
        /** Guarded by {@link #mu}. */
        long counter;
    }

    /** One round, in the main goroutine. */
    static Round round(int goroutines, int perG, int work) {
        Shared s = new Shared();
        long[] results = new long[goroutines];
        WaitGroup wg = new WaitGroup();
        wg.add(goroutines);
        long start = System.nanoTime();
        for (int g = 0; g < goroutines; g++) {
            int id = g;
            Go.go(() -> {
                results[id] = worker(s, perG, work, id + 1);
                wg.done();
            });
        }
        wg.await();
        long ns = System.nanoTime() - start;
        long expected = (long) goroutines * perG;
        if (s.counter != expected) {
            throw new AssertionError("mutex: counter " + s.counter + ", expected " + expected
                    + ": the mutex let two goroutines in");
        }
        long xor = 0;
        for (long x : results) {
            xor ^= x;
        }
        return new Round(ns, xor);
    }

    static long worker(Shared s, int iterations, int work, long seed) {
        long x = seed;
        for (int i = 0; i < iterations; i++) {
            s.mu.lock();
            s.counter++;
            s.mu.unlock();
            x = xorshift(x, work);
        }
        return x;
    }

    /** {@code steps} rounds of Marsaglia's xorshift64 on {@code x}: the work outside the lock. */
    static long xorshift(long x, int steps) {
        for (int i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
