package io.gpm4j.shapes;

/** An application interface with default, static and private interface methods that suspend. */
public interface Shape {
    int sides();

    default String describe(String prefix) {
        int n = sides();
        return prefix + ":" + n + ":" + twice(n) + ":" + Shape.label(n);
    }

    private int twice(int n) {
        Yield.value("twice" + n);
        return n * 2;
    }

    static String label(int n) {
        Object in = Yield.value("label" + n);
        return "L" + n + in;
    }
}
