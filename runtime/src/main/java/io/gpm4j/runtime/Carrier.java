package io.gpm4j.runtime;

/**
 * The thread of a carrier M: runs {@link Sched#mstart} for life. Daemon, so goroutines never
 * keep the JVM alive. Go: the OS thread made by newm/newosproc.
 */
final class Carrier extends CarrierThread {
    final M m;

    Carrier(long id, MainCall none) {
        super("gpm4j-m" + id);
        this.m = new M(id, this, none);
        setDaemon(true);
    }

    @Override
    public void run() {
        Sched.get().mstart(m);
    }
}
