package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** Pinned by a monitor: a synchronized block, then a synchronized method; then a free suspension. */
public final class PinSynchronized implements Subject {
    private final List<Object> out = new ArrayList<>();
    private final Object lock = new Object();
    private int sideEffects;

    @Override
    public void run() {
        int x = 5;
        synchronized (lock) {
            sideEffects++;
            out.add("block:" + Yield.value("in-block") + x);
        }
        out.add(syncMethod(x + 1));
        out.add("free:" + Yield.value("free") + x);
        out.add(sideEffects);
    }

    private synchronized String syncMethod(int v) {
        sideEffects++;
        return "method:" + Yield.value("in-method") + v;
    }

    @Override
    public Object result() {
        return out;
    }
}
