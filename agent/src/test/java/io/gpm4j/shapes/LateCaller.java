package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** Calls an interface whose implementation class is loaded (and rewritten) later. */
public final class LateCaller implements Subject {
    private final List<Object> out = new ArrayList<>();

    @Override
    public void run() {
        Object first = Yield.value("first");
        Service service = load("io.gpm4j.shapes.LateService");
        String a = "a" + first;
        out.add(service.serve(a));
        out.add(call(service, "b") + a);
    }

    private static String call(Service s, String r) {
        return s.serve(r);
    }

    private Service load(String name) {
        try {
            return (Service) Class.forName(name, true, getClass().getClassLoader()).getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Object result() {
        return out;
    }
}
