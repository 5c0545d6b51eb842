package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** Pinned by a class that was not rewritten ({@link ExcludedRelay}, excluded by the test). */
public final class PinExcluded implements Subject {
    private final List<Object> out = new ArrayList<>();

    @Override
    public void run() {
        int k = 8;
        out.add(ExcludedRelay.relay(k));
        out.add("after:" + Yield.value("after") + k);
        out.add(ExcludedRelay.sideEffects);
    }

    @Override
    public Object result() {
        return out;
    }
}
