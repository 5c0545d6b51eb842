package io.gpm4j.bench.workload;

import io.gpm4j.Suspendable;
import io.gpm4j.bench.Workload;

/**
 * The call-heavy workload whose calls the JIT can inline, beside {@link Fib}'s, which it cannot
 * (a recursion is inlined one level deep at most): a checksum of 1,024 ints in which each element
 * goes through three small methods the agent treats as suspendable ({@code mix}, which calls
 * {@code rotate} and {@code step}), {@code n} rounds: 3,072 resumable calls a round
 * ({@code n = 20}: 61,440).
 */
public final class Calls implements Workload {
    @Override
    public long run(int n) {
        int[] a = Loops.DATA;
        long h = 1;
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < a.length; i++) {
                h = mix(h, a[i]);
            }
        }
        return h;
    }

    @Suspendable
    static long mix(long h, int v) {
        return step(rotate(h), v);
    }

    @Suspendable
    static long rotate(long h) {
        return Long.rotateLeft(h, 5);
    }

    @Suspendable
    static long step(long h, int v) {
        return h * 31 + v;
    }
}
