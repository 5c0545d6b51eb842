package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** Pinned by a constructor that calls a suspending method. */
public final class PinConstructor implements Subject {
    private final List<Object> out = new ArrayList<>();
    static int sideEffects;

    static final class Built {
        final String v;

        Built(int x) {
            sideEffects++;
            v = "built" + x + Yield.value("in-ctor");
        }
    }

    @Override
    public void run() {
        int k = 3;
        Built b = new Built(k);
        out.add(b.v);
        out.add("after:" + Yield.value("after") + k);
        out.add(sideEffects);
    }

    @Override
    public Object result() {
        return out;
    }
}
