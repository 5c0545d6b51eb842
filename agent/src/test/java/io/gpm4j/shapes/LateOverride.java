package io.gpm4j.shapes;

/** Loaded only at run time, after its caller was rewritten: its override suspends. */
public final class LateOverride extends LateBase {
    @Override
    public String step() {
        return "override:" + Yield.value("in override");
    }
}
