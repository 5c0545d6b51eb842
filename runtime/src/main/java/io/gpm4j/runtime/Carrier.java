package io.gpm4j.runtime;

/**
 * The thread of a carrier M: runs {@link Sched#mstart} of the scheduler that made it, for life.
 * Daemon, so goroutines never keep the JVM alive. Go: the OS thread made by newm/newosproc.
 */
final class Carrier extends CarrierThread {
    final M m;
    private final Sched sched;

    Carrier(long id, Sched sched) {
        super("gpm4j-m" + id);
        this.m = new M(id, this, null);
        this.sched = sched;
        setDaemon(true);
    }

    @Override
    public void run() {
        sched.mstart(m);
    }
}
