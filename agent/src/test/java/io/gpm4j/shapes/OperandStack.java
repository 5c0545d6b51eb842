package io.gpm4j.shapes;

import static io.gpm4j.shapes.Ops.df;
import static io.gpm4j.shapes.Ops.f;
import static io.gpm4j.shapes.Ops.g;
import static io.gpm4j.shapes.Ops.lf;
import static io.gpm4j.shapes.Ops.sf;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** Values of every kind sit on the operand stack below a suspendable call. */
public final class OperandStack implements Subject {
    private final List<Object> out = new ArrayList<>();
    private int total = 100;
    private long big = 1;
    private static double shared = 0.5;

    /** Not a subject helper: an instance method whose receiver and arguments span a suspension. */
    static final class Acc {
        private final String name;

        Acc(String name) {
            this.name = name;
        }

        String m(int a, long b, int c) {
            Object in = Yield.value("m" + c);
            return name + ":" + a + "/" + b + "/" + c + "/" + in;
        }

        static String s(String p, double d, Object q, int r) {
            return p + d + q + r;
        }
    }

    @Override
    public void run() {
        int a = 7;
        int b = 3;
        out.add(a + f(b) * g());                         // 7 + 30 * 4 = 127
        int[] arr = new int[4];
        int i = 1;
        arr[i] = f(i + 1);                               // arr[1] = 20
        arr[i + 1] = arr[i] + f(4);                      // arr[2] = 60
        arr[i] += f(5);                                  // arr[1] = 70
        out.add(arr[0] + "," + arr[1] + "," + arr[2]);
        long l = 1L << 40;
        out.add(l + lf(5L));                             // 2^40 + 5 * 2^33
        double d = 2.5;
        out.add(d * df(1.5) + d);                        // 2.5 * 3.0 + 2.5 = 10.0
        Acc x = new Acc("x");
        out.add(x.m(1, 2L, f(6)));                       // "x:1/2/60/resume-N"
        out.add(Acc.s("p", d, null, f(7)));              // "p2.5null70"
        total += f(8);                                   // 180
        big += lf(1L);                                   // 1 + 2^33
        shared *= df(0.25);                              // 0.5 * 0.5
        out.add(total + "," + big + "," + shared);
        char c = 'A';
        boolean z = true;
        short s = 3;
        byte by = -2;
        float fl = 1.5f;
        out.add((char) (c + f(0) + 1) + ":" + (z && f(1) == 10) + ":" + (s * f(2)) + ":" + (by + f(3)) + ":"
                + (fl * f(9)));
        out.add(f(f(1) + f(2)));                         // f(30) = 300
        long[] ls = {1L, 2L};
        ls[1] = ls[0] * 3 + lf(2L) + (long) df(4.0);     // 3 + 2^34 + 8
        out.add(ls[1]);
        Object[] objs = new Object[2];
        objs[1] = sf("k");
        out.add(objs[1]);
        out.add(mixed(big, a, d, sf("q"), fl));
    }

    private static String mixed(long w, int x, double y, String z, float v) {
        return w + "|" + x + "|" + y + "|" + z + "|" + v + "|" + Yield.value("mixed");
    }

    @Override
    public Object result() {
        return out;
    }
}
