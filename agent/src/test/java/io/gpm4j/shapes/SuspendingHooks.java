package io.gpm4j.shapes;

/** Loaded by name only, after its callers were rewritten. */
public final class SuspendingHooks extends Hooks {
    @Override
    public String gpm4jHook() {
        return "gpm4j:" + Yield.value("gpm4j hook");
    }

    @Override
    public String quasarHook() {
        return "quasar:" + Yield.value("quasar hook");
    }

    @Override
    public String quasarThrowsHook() {
        return "throws:" + Yield.value("throws hook");
    }

    @Override
    public String unannotatedHook() {
        return "plain:" + Yield.value("unannotated hook");
    }
}
