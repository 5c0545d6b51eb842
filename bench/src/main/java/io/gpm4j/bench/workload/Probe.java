package io.gpm4j.bench.workload;

import io.gpm4j.runtime.Continuation;

/** Suspends once: it can only when this package was rewritten (else the suspension pins). */
public final class Probe implements Runnable {
    @Override
    public void run() {
        Continuation.suspend();
    }
}
