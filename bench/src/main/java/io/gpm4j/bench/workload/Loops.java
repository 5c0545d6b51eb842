package io.gpm4j.bench.workload;

import io.gpm4j.Suspendable;
import io.gpm4j.bench.Workload;

/**
 * Hot loops in a method the agent rewrites (it makes one suspendable call, after the loops), so
 * each loop has a preemption point on its back-edge: {@link Hash}, a loop-carried dependency
 * (about a nanosecond per element, never vectorised), and {@link Sum}, an independent sum C2
 * vectorises when it may. {@code n} rounds over 1,024 ints.
 */
public final class Loops {
    static final int[] DATA = new int[1024];

    static {
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = i * 0x9E3779B9;
        }
    }

    private Loops() {
    }

    /** {@code h = 31 h + a[i]} over the array, {@code n} times. */
    public static final class Hash implements Workload {
        @Override
        public long run(int n) {
            int[] a = DATA;
            long h = 1;
            for (int r = 0; r < n; r++) {
                for (int i = 0; i < a.length; i++) {
                    h = 31 * h + a[i];
                }
            }
            if (h == 42) {
                pause();
            }
            return h;
        }
    }

    /** {@code s += a[i]} over the array, {@code n} times. */
    public static final class Sum implements Workload {
        @Override
        public long run(int n) {
            int[] a = DATA;
            int s = 0;
            for (int r = 0; r < n; r++) {
                for (int i = 0; i < a.length; i++) {
                    s += a[i];
                }
            }
            if (s == 42) {
                pause();
            }
            return s;
        }
    }

    /** Never called: makes its caller suspendable, as a call that may park would. */
    @Suspendable
    static void pause() {
        DATA[0]++;
    }
}
