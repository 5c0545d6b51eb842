package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import io.gpm4j.runtime.Continuation;
import java.util.ArrayList;
import java.util.List;

/** A continuation run inside another's body: the inner suspends only the inner. */
public final class Nested implements Subject {
    private String result;

    @Override
    public void run() {
        List<String> events = new ArrayList<>();
        int outerLocal = 10;
        Continuation inner = new Continuation(() -> {
            int innerLocal = 20;
            events.add("i1");
            Continuation.suspend();
            events.add("i2:" + innerLocal);
            innerStep(events, innerLocal + 1);
            events.add("i3");
        });
        boolean done = inner.run();
        events.add("o1:" + done);
        Object r = Yield.value("outer-1");
        done = inner.run();
        events.add("o2:" + done + r);
        Yield.value("outer-2");
        done = inner.run();
        events.add("o3:" + done + outerLocal);
        result = String.join(",", events);
    }

    private static void innerStep(List<String> events, int v) {
        events.add("s" + v);
        Continuation.suspend();
        events.add("s-after" + v);
    }

    @Override
    public Object result() {
        return result;
    }
}
