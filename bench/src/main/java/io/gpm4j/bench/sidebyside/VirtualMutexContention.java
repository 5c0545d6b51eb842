package io.gpm4j.bench.sidebyside;

import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lock contention between virtual threads: the JDK side of {@link MutexContention} and
 * {@code bench/go/mutex/main.go}, with a {@link ReentrantLock} (non-fair, the default) as the
 * mutex. Default scheduler (parallelism = CPU count). Per round the driver (a virtual thread)
 * starts {@code -g} threads (default 8) that each do {@code n / g} iterations ({@code -n},
 * default 5,000,000 per round) of lock, increment a shared counter, unlock, then {@code -work}
 * xorshift steps (default 8) outside the lock; it joins them and checks the counter. One warm-up
 * round, then {@code -rounds} (default 5) timed ones; prints
 * {@code RESULT mutex vthreads ns_per_op=...} (one op = one lock+unlock pair) and the same
 * {@code xorshift=...} check value as the other implementations.
 */
public final class VirtualMutexContention {
    private VirtualMutexContention() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = SideBySide.intArg(args, "-n", 5_000_000);
        int threads = SideBySide.intArg(args, "-g", 8);
        int work = SideBySide.intArg(args, "-work", 8);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        ThreadFactory vt = SideBySide.virtualThreadsOrSkip("mutex");
        if (vt == null) {
            return;
        }
        int perThread = n / threads;
        long ops = (long) threads * perThread;
        long[] xor = new long[1]; // the last round's
        long total = SideBySide.onVirtualThread(vt, () -> SideBySide.timedRounds(rounds, () -> {
            MutexContention.Round result = round(vt, threads, perThread, work);
            xor[0] = result.xorshift();
            return result.ns();
        }, (r, ns) -> SideBySide.round("mutex", r, ns, ops, "lock+unlock")));
        SideBySide.result("mutex", "vthreads", total, rounds * ops, String.format(Locale.ROOT,
                "goroutines=%d work=%d xorshift=%x parallelism=%s", threads, work, xor[0], SideBySide.parallelism()));
    }

    /** A lock and the counter it guards. */
    static final class Shared {
        final ReentrantLock lock = new ReentrantLock();
        /** Guarded by {@link #lock}. */
        long counter;
    }

    /** One round, in the driver. */
    static MutexContention.Round round(ThreadFactory vt, int threads, int perThread, int work)
            throws InterruptedException {
        Shared s = new Shared();
        long[] results = new long[threads];
        Thread[] started = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            started[t] = vt.newThread(() -> results[id] = worker(s, perThread, work, id + 1));
            started[t].start();
        }
        for (Thread t : started) {
            t.join();
        }
        long ns = System.nanoTime() - start;
        long expected = (long) threads * perThread;
        if (s.counter != expected) {
            throw new AssertionError("mutex: counter " + s.counter + ", expected " + expected
                    + ": the lock let two threads in");
        }
        long xor = 0;
        for (long x : results) {
            xor ^= x;
        }
        return new MutexContention.Round(ns, xor);
    }

    static long worker(Shared s, int iterations, int work, long seed) {
        long x = seed;
        for (int i = 0; i < iterations; i++) {
            s.lock.lock();
            try {
                s.counter++;
            } finally {
                s.lock.unlock();
            }
            x = MutexContention.xorshift(x, work);
        }
        return x;
    }
}
