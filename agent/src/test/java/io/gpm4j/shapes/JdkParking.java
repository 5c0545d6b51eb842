package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK calls that park ({@code Thread.sleep}, {@code Thread.yield}) between suspensions: they
 * make the method suspendable on their own, are redirected to the runtime, and the values that
 * live across them and across the suspensions around them come back intact.
 */
public final class JdkParking implements Subject {
    private final List<Object> out = new ArrayList<>();

    @Override
    public void run() {
        out.add(sleepOnly(3));
        out.add(yieldOnly("y"));
        long wide = 40_000_000_000L;
        String name = "n";
        Object in = Yield.value("before");
        try {
            Thread.sleep(1);
            name += in;
            Thread.yield();
            Thread.sleep(0, 1);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Object again = Yield.value("after");
        out.add(name + "," + again + "," + (wide + 2));
        out.add(negative());
    }

    /** Suspendable only through {@code Thread.sleep}. */
    private static int sleepOnly(int n) {
        int kept = n * 7;
        try {
            Thread.sleep(0);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return kept + 1;
    }

    /** Suspendable only through {@code Thread.yield}. */
    private static String yieldOnly(String s) {
        String kept = s + s;
        Thread.yield();
        return kept;
    }

    /** The runtime's sleep checks its argument as the JDK's does. */
    private static String negative() {
        try {
            Thread.sleep(-1);
            return "slept";
        } catch (IllegalArgumentException e) {
            return "IllegalArgumentException";
        } catch (InterruptedException e) {
            return "interrupted";
        }
    }

    @Override
    public Object result() {
        return out;
    }
}
