package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.lang.ref.WeakReference;

/** A local that is dead at the suspension (never read again) must not be saved. */
public final class DeadLocal implements Subject {
    public static WeakReference<Object> payloadRef;
    private Object result;

    @Override
    public void run() {
        Object payload = new StringBuilder("payload");
        payloadRef = new WeakReference<>(payload);
        int len = payload.toString().length();
        Object in = Yield.value("suspended with a dead local");
        result = len + "" + in;
    }

    @Override
    public Object result() {
        return result;
    }
}
