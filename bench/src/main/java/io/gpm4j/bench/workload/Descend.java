package io.gpm4j.bench.workload;

import io.gpm4j.runtime.Continuation;

/**
 * A continuation body that suspends at a fixed stack depth, forever: each {@code run()} of its
 * continuation is one suspend+resume cycle. Depth {@code d} means {@code d} rewritten frames
 * between the continuation's entry and {@code suspend()}: this {@code run()} and {@code d-1}
 * frames of {@link #down}, each keeping an int local and an int operand below its call.
 */
public final class Descend implements Runnable {
    private final int depth;
    /** Written so that the frames' results are not dead code. */
    public int sink;

    public Descend(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth " + depth);
        }
        this.depth = depth;
    }

    @Override
    public void run() {
        for (;;) {
            if (depth == 1) {
                Continuation.suspend();
            } else {
                sink = down(depth - 1);
            }
        }
    }

    private static int down(int n) {
        if (n == 1) {
            Continuation.suspend();
            return 1;
        }
        return n + down(n - 1);
    }
}
