package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;

/**
 * Calls {@link LateBase#step()}, which the analysis rightly judges not suspendable; the object is
 * a {@link LateOverride} loaded by name, whose override suspends. The call is not a resumable
 * site, so the suspension must pin (naming this frame), not unwind.
 */
public final class LateOverrideCaller implements Subject {
    private String result;
    private int stepsBefore;

    @Override
    public void run() {
        Object first = Yield.value("before");
        stepsBefore++;
        LateBase b;
        try {
            b = (LateBase) Class.forName("io.gpm4j.shapes.LateOverride", true, getClass().getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        String s = b.step();
        result = first + "|" + s + "|" + stepsBefore;
    }

    @Override
    public Object result() {
        return result;
    }
}
