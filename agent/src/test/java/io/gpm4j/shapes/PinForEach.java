package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** Pinned by a JDK frame: {@code ArrayList.forEach} lies between the lambda and the entry. */
public final class PinForEach implements Subject {
    private final List<Object> out = new ArrayList<>();
    private int sideEffects;

    @Override
    public void run() {
        String tag = "t";
        List<Integer> list = new ArrayList<>(List.of(1, 2, 3));
        list.forEach(x -> {
            sideEffects++;
            out.add(x + ":" + Yield.value(x));
        });
        Object after = Yield.value("after");
        out.add(tag + sideEffects + after);
        out.add(sideEffects);
    }

    @Override
    public Object result() {
        return out;
    }
}
