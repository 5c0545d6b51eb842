package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;

/** Calls annotated hooks whose suspending overrides are loaded later: the calls are resumable. */
public final class AnnotatedCalls implements Subject {
    private String result;

    @Override
    public void run() {
        Hooks h;
        try {
            h = (Hooks) Class.forName("io.gpm4j.shapes.SuspendingHooks", true, getClass().getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        long before = 42L;
        String a = h.gpm4jHook();
        String b = h.quasarHook();
        String c;
        try {
            c = h.quasarThrowsHook();
        } catch (co.paralleluniverse.fibers.SuspendExecution e) {
            throw new IllegalStateException(e);
        }
        result = a + "," + b + "," + c + "," + before;
    }

    @Override
    public Object result() {
        return result;
    }
}
