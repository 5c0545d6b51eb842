package io.gpm4j.shapes;

/** A class the tests tell the rewriter to leave alone; it calls a suspending method. */
public final class ExcludedRelay {
    static int sideEffects;

    private ExcludedRelay() {
    }

    public static String relay(int x) {
        sideEffects++;
        return "relay" + x + Yield.value("in-excluded");
    }
}
