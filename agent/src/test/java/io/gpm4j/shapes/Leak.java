package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.lang.ref.WeakReference;

/** Holds an object only in a local across one suspension, then drops it. */
public final class Leak implements Subject {
    public static WeakReference<Object> payloadRef;
    private Object result;

    @Override
    public void run() {
        Object payload = new StringBuilder("payload");
        payloadRef = new WeakReference<>(payload);
        Object in = Yield.value("holding");
        int len = payload.toString().length();
        payload = null;
        result = len + "" + in;
    }

    @Override
    public Object result() {
        return result;
    }
}
