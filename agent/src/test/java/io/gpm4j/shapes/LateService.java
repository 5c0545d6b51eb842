package io.gpm4j.shapes;

/** Loaded by name, after {@link LateCaller} was rewritten and had already suspended. */
public final class LateService implements Service {
    @Override
    public String serve(String request) {
        String mine = "served-" + request;
        Object in = Yield.value("late-" + request);
        return mine + "/" + in;
    }
}
