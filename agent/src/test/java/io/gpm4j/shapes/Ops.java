package io.gpm4j.shapes;

/**
 * Suspending helpers shared by the subjects. Each yields a label naming its argument, so the test
 * sees the evaluation order, and returns a value computed from its argument after the resume.
 */
public final class Ops {
    private Ops() {
    }

    /** Yields {@code "f<x>"}, returns {@code x * 10}. */
    public static int f(int x) {
        Yield.value("f" + x);
        return x * 10;
    }

    /** Yields {@code "g"}, returns 4. */
    public static int g() {
        Yield.value("g");
        return 4;
    }

    /** Yields {@code "l<x>"}, returns {@code x << 33}. */
    public static long lf(long x) {
        Yield.value("l" + x);
        return x << 33;
    }

    /** Yields {@code "d<x>"}, returns {@code x * 2}. */
    public static double df(double x) {
        Yield.value("d" + x);
        return x * 2;
    }

    /** Yields {@code "s<x>"}, returns {@code x + "!" + <what came in>}. */
    public static String sf(String x) {
        Object in = Yield.value("s" + x);
        return x + "!" + in;
    }
}
