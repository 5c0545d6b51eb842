package io.gpm4j.shapes;

/**
 * Concrete methods that do not suspend themselves; overrides loaded later do. Inference alone
 * would judge calls to them not suspendable (see {@link LateOverrideCaller}); the annotations say
 * otherwise.
 */
public class Hooks {
    @io.gpm4j.Suspendable
    public String gpm4jHook() {
        return "base";
    }

    @co.paralleluniverse.fibers.Suspendable
    public String quasarHook() {
        return "base";
    }

    /** Quasar's other marker: the checked exception in the signature, no annotation. */
    public String quasarThrowsHook() throws co.paralleluniverse.fibers.SuspendExecution {
        return "base";
    }

    public String unannotatedHook() {
        return "base";
    }
}
