package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;

/** Throws after its first resume (or at once, when told to). */
public final class Failing implements Subject {
    public static boolean atOnce;

    @Override
    public void run() {
        int x = 41;
        if (atOnce) {
            throw new UnsupportedOperationException("at once");
        }
        Object in = Yield.value("once");
        throw new IllegalStateException("failed after " + in + " with " + (x + 1));
    }

    @Override
    public Object result() {
        return null;
    }
}
