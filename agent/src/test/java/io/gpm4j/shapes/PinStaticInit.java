package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** Pinned by a static initializer that calls a suspending method. */
public final class PinStaticInit implements Subject {
    private final List<Object> out = new ArrayList<>();
    static int sideEffects;

    static final class Holder {
        static final String V;

        static {
            sideEffects++;
            V = "init" + Yield.value("in-clinit");
        }

        private Holder() {
        }
    }

    @Override
    public void run() {
        int k = 4;
        out.add(Holder.V);
        out.add("after:" + Yield.value("after") + k);
        out.add(sideEffects);
    }

    @Override
    public Object result() {
        return out;
    }
}
