package co.paralleluniverse.fibers;

/**
 * A stand-in for Quasar's checked marker exception (not a dependency): gpm4j reads a method that
 * declares it in its {@code throws} clause as suspendable, recognising it by name. Never thrown.
 */
public class SuspendExecution extends Exception {
    private static final long serialVersionUID = 1L;
}
