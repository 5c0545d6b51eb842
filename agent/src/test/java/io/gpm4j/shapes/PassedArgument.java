package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.lang.ref.WeakReference;

/**
 * Passes an object, a long and a double to a static method that suspends. The caller's saved
 * frame does not keep the arguments (a resume passes zeros and nulls, and the callee restores
 * its own live locals): the object, dead in the callee past its first line, can be collected
 * while suspended, and the long and the double still arrive, from the callee's own store.
 */
public final class PassedArgument implements Subject {
    public static WeakReference<Object> payloadRef;
    private Object result;

    @Override
    public void run() {
        result = measureThenWait(new StringBuilder("payload"), 3L, 1.5);
    }

    static String measureThenWait(Object payload, long count, double scale) {
        payloadRef = new WeakReference<>(payload);
        int len = payload.toString().length();
        Object in = Yield.value("holding no argument");
        return len + ":" + count + ":" + scale + ":" + in;
    }

    @Override
    public Object result() {
        return result;
    }
}
