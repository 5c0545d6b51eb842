package io.gpm4j.bench.sidebyside;

import io.gpm4j.Go;
import io.gpm4j.runtime.Waiter;
import io.gpm4j.runtime.park.Parking;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Spawn-and-finish of {@code -n} goroutines (default 1,000,000) per round, under the agent: the
 * gpm4j side of {@code bench/go/spawn/main.go}. The main goroutine starts them all with
 * {@code Go.go}; each decrements a counter and the last one readies the parked main goroutine.
 * One warm-up round, then {@code -rounds} (default 5) timed ones; prints
 * {@code RESULT spawn gpm4j ns_per_op=...} (timed rounds' time / goroutines started).
 *
 * <p>Run: {@code java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar -cp
 * bench/target/benchmarks.jar io.gpm4j.bench.sidebyside.Spawn}.
 */
public final class Spawn {
    private Spawn() {
    }

    public static void main(String[] args) {
        int n = SideBySide.intArg(args, "-n", 1_000_000);
        int rounds = SideBySide.intArg(args, "-rounds", 5);
        long[] total = new long[1];
        Go.run(() -> total[0] = SideBySide.timedRounds(rounds, () -> round(n),
                (r, ns) -> SideBySide.round("spawn", r, ns, n, "goroutine")));
        SideBySide.result("spawn", "gpm4j", total[0], (long) rounds * n, "gomaxprocs=" + Go.gomaxprocs());
    }

    /** One round, in the main goroutine: start {@code n} goroutines and wait until all have finished. */
    static long round(int n) {
        Countdown done = new Countdown(n);
        Runnable body = done::countDown;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Go.go(body);
        }
        done.await();
        return System.nanoTime() - start;
    }

    /**
     * A one-shot countdown that one goroutine (the main one) waits on by parking, and that the
     * goroutine taking the count to zero wakes.
     *
     * <p>The race: the waiter publishes its {@link Waiter} from the park's unlock callback (which
     * runs once it is parked), and the last finisher may decrement to zero at any moment relative
     * to that. Exactly one party must act, so {@link #waiter} is claimed, never just read: the
     * finisher takes it with {@code getAndSet(null)} and readies what it took; the callback, if it
     * sees the count already at zero, tries to take its own waiter back with
     * {@code compareAndSet(w, null)}: success means the finisher has not seen it and never will
     * (the count is zero, it has done its single getAndSet, or will find null), so the park is
     * cancelled; failure means the finisher took it and will ready it (perhaps already did), so the
     * park must stand. When the callback sees the count not yet zero, the last decrement, and so
     * the finisher's getAndSet, comes after the callback's set: the finisher finds the waiter.
     * Either way the waiter is readied exactly once and only while parked, and {@link #waiter} is
     * null again afterwards.
     */
    static final class Countdown {
        private final AtomicInteger remaining;
        private final AtomicReference<Waiter> waiter = new AtomicReference<>();

        Countdown(int n) {
            remaining = new AtomicInteger(n);
        }

        void countDown() {
            if (remaining.decrementAndGet() == 0) {
                Waiter w = waiter.getAndSet(null);
                if (w != null) {
                    w.ready();
                }
            }
        }

        /** Parks the calling goroutine until the count is zero. */
        void await() {
            while (remaining.get() != 0) {
                Parking.park((w, lock) -> {
                    waiter.set(w);
                    return remaining.get() != 0 || !waiter.compareAndSet(w, null);
                }, null, "countdown");
            }
        }
    }
}
