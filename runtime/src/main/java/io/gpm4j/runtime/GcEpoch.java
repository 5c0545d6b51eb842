package io.gpm4j.runtime;

import java.lang.ref.WeakReference;

/**
 * The garbage collections the runtime has noticed, counted: the epoch moves on by one when
 * sysmon finds the sentinel gone ({@link #poll}, at each of its ticks), a young object that only
 * a weak reference here holds, so that the first collection after it was made clears it.
 *
 * <p>Why the runtime counts them: the JVM's collectors are generational. An object that outlives
 * a collection or two is promoted to the old generation, and every store of a reference into an
 * old object then pays the collector's post-write barrier in full (G1: a StoreLoad fence, a card
 * to dirty and a refinement thread to clean it again, on a CPU the carriers want; Parallel: a
 * card mark, one cache line for 32 KiB of heap, written from every CPU that stores near it). A G
 * reused for goroutine after goroutine becomes such an object at the first collection that
 * promotes it, and each life stores young references into it (its body, its saved frames). So
 * {@link FreeGs} reuses a G only within the epoch it was made in, and drops its free lists when
 * the epoch moves on, as Go's {@code sync.Pool} empties itself at every collection
 * ({@code poolCleanup}): a G made this epoch is young, and stores into it take the barrier's
 * short path. Go's own Gs need none of this (Go's collector moves nothing and its write barrier
 * is on only while it marks), and Go keeps them forever.
 *
 * <p>A collection is noticed up to one sysmon tick late (10 ms at most while Ps run); until then
 * a promoted G may be reused, which costs time, never correctness.
 */
final class GcEpoch {
    /** Collections noticed so far. Written by {@link #advance}; read by every free-list operation. */
    private volatile int current;
    /** Reachable only weakly: the next collection clears it, and {@link #poll} makes another. */
    private volatile WeakReference<Object> sentinel = new WeakReference<>(new Object());

    /** The epoch now. Any thread. */
    int current() {
        return current;
    }

    /** Moves the epoch on if a collection cleared the sentinel since the last look. Sysmon. */
    void poll() {
        if (sentinel.refersTo(null)) {
            advance();
        }
    }

    /** A new epoch with a new sentinel: what a noticed collection does (and tests, playing one). */
    synchronized void advance() {
        sentinel = new WeakReference<>(new Object());
        current++;
    }
}
