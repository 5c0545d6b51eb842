package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** Recursion 1,000 deep with a suspension at the bottom and one on the way back up. */
public final class Recursion implements Subject {
    public static final int DEPTH = 1000;
    private final List<Object> out = new ArrayList<>();
    private int mismatches;
    private long checked;

    @Override
    public void run() {
        out.add(down(DEPTH));
        out.add(mismatches);
        out.add(checked);
        out.add(isEven(7) + "," + isEven(10));
        out.add(a(3));
    }

    private int down(int n) {
        if (n == 0) {
            Object in = Yield.value("bottom");
            return ((String) in).length();
        }
        int local = n * 3;
        long wide = -n;
        double real = n / 4.0;
        String name = "n" + n;
        int below = down(n - 1);
        if (n == DEPTH / 2) {
            Yield.value("half");
        }
        if (local != n * 3 || wide != -n || real != n / 4.0 || !name.equals("n" + n)) {
            mismatches++;
        }
        checked += local;
        return below + 1;
    }

    /** Mutual recursion: the suspension is reached only through the cycle. */
    private static boolean isEven(int n) {
        if (n != 0) {
            return isOdd(n - 1);
        }
        Yield.value("even-bottom");
        return true;
    }

    private static boolean isOdd(int n) {
        if (n == 0) {
            return false;
        }
        return isEven(n - 1);
    }

    /** A three-way cycle declared before the method that closes it. */
    private static int b(int n) {
        return n <= 0 ? c(n) : a(n - 1) + 1;
    }

    private static int a(int n) {
        return b(n) * 2;
    }

    private static int c(int n) {
        return Yield.value("c" + n) == null ? 0 : 1;
    }

    @Override
    public Object result() {
        return out;
    }
}
