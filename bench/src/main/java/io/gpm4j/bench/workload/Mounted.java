package io.gpm4j.bench.workload;

import io.gpm4j.bench.Workload;
import io.gpm4j.runtime.Continuation;

/**
 * A continuation body that runs a workload once per resume, inside the mounted continuation
 * (so every rewritten frame of the workload takes the slow path: it looks the continuation up and
 * takes part in the call handshake), then suspends at depth 1.
 */
public final class Mounted implements Runnable {
    private final Workload workload;
    private final int n;
    public long result;

    public Mounted(Workload workload, int n) {
        this.workload = workload;
        this.n = n;
    }

    @Override
    public void run() {
        for (;;) {
            result = workload.run(n);
            Continuation.suspend();
        }
    }
}
