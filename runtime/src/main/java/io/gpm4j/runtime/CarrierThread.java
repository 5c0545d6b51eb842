package io.gpm4j.runtime;

/**
 * Internal: not part of the public API; public because benchmarks and tests run continuations on
 * carrier threads of their own.
 *
 * <p>A thread that carries continuations. Rewritten frames find the continuation mounted on the
 * current thread through one field read of this class instead of a {@code ThreadLocal} lookup.
 *
 * <p>Every M of the scheduler is one of these for life (the package-private constructor): it runs
 * {@link Sched#mstart} of the scheduler that made it and is a daemon, so goroutines never keep
 * the JVM alive. The public constructor makes an ordinary thread that merely runs continuations
 * cheaply (benchmarks and tests run {@link Continuation}s on such threads); it is no M.
 *
 * <p>Go: the OS thread of an {@code m} (made by newm/newosproc), through which a {@code g} finds
 * its {@code m} ({@code getg().m}, TLS).
 */
public final class CarrierThread extends Thread {
    /** The innermost continuation running on this thread, or null. Owner thread only. */
    Continuation mounted;
    /**
     * Whether this thread counts once in {@link Frames#mounted} for as long as it runs goroutines,
     * so that mounting each one need not update the shared counter. Owner thread only.
     */
    boolean holdsMountedHint;
    /** The scheduler's M this thread is, for life; null for a thread made by the public constructor. */
    final M m;
    /** The scheduler whose loop this thread runs; null for a thread made by the public constructor. */
    private final Sched sched;

    /**
     * A thread that runs {@code task}, on which continuations mount without a {@code ThreadLocal}.
     *
     * @param task what the thread runs
     * @param name the thread's name
     */
    public CarrierThread(Runnable task, String name) {
        super(task, name);
        this.m = null;
        this.sched = null;
    }

    /**
     * A carrier M's thread, {@code gpm4j-m<id>}: it inherits no {@code InheritableThreadLocal}
     * values, and its context class loader is the system class loader whatever its creator's was,
     * so that an M (alive for the rest of the JVM) never keeps a plugin's loader alive (see
     * {@link RuntimeThreads}; the caller cuts off its access context). Go: newm → allocm, newosproc.
     */
    CarrierThread(long id, Sched sched) {
        super(null, null, "gpm4j-m" + id, 0, false);
        this.m = new M(id, this, null);
        this.sched = sched;
        setDaemon(true);
        setContextClassLoader(ClassLoader.getSystemClassLoader());
    }

    /** A carrier M runs its scheduler's loop for life; any other carrier thread runs its task. */
    @Override
    public void run() {
        if (sched != null) {
            m.tid = NativeThreads.selfTid();
            sched.mstart(m);
        } else {
            super.run();
        }
    }
}
