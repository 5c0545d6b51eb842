package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/** Pinned by reflection: the suspending method is called through {@code Method.invoke}. */
public final class PinReflection implements Subject {
    private final List<Object> out = new ArrayList<>();
    private int sideEffects;

    @Override
    public void run() {
        int k = 7;
        try {
            Method m = PinReflection.class.getDeclaredMethod("target", int.class);
            out.add(m.invoke(this, k));
        } catch (InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        out.add("after:" + Yield.value("after") + k);
        out.add(sideEffects);
    }

    public String target(int x) {
        sideEffects++;
        return "target" + x + Yield.value("in-reflect");
    }

    @Override
    public Object result() {
        return out;
    }
}
