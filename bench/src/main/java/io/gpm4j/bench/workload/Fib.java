package io.gpm4j.bench.workload;

import io.gpm4j.Suspendable;
import io.gpm4j.bench.Workload;

/**
 * The call-heavy workload that never suspends: naive recursive Fibonacci, about
 * {@code 2 fib(n+1) - 1} calls ({@code n = 20}: 21,891 calls). {@code @Suspendable} makes the
 * agent treat it as code that may suspend, so every recursive call is a resumable call site.
 */
public final class Fib implements Workload {
    @Override
    public long run(int n) {
        return fib(n);
    }

    @Suspendable
    static long fib(int n) {
        if (n < 2) {
            return n;
        }
        return fib(n - 1) + fib(n - 2);
    }
}
