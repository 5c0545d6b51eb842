package io.gpm4j.shapes;

import static io.gpm4j.shapes.Ops.f;
import static io.gpm4j.shapes.Ops.lf;
import static io.gpm4j.shapes.Ops.sf;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** {@code new X(suspendingCall())}: objects under construction across a suspension. */
public final class ConstructorArguments implements Subject {
    private final List<Object> out = new ArrayList<>();

    static final class Box {
        final int v;

        Box(int v) {
            this.v = v;
        }

        @Override
        public String toString() {
            return "B" + v;
        }
    }

    static final class Pair {
        final Object a;
        final Object b;

        Pair(Object a, Object b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public String toString() {
            return "(" + a + "," + b + ")";
        }
    }

    static final class Wide {
        final String s;

        Wide(long a, int b, double c, String d) {
            s = a + ";" + b + ";" + c + ";" + d;
        }

        @Override
        public String toString() {
            return s;
        }
    }

    final class Inner {
        final int v;

        Inner(int v) {
            this.v = v + out.size();
        }
    }

    @Override
    public void run() {
        String pre = "p";
        out.add(new Box(f(1)));
        out.add(new Pair(new Box(f(2)), f(3)));
        out.add(new Pair(pre, new Pair(new Box(f(4)), new Box(f(5)))));
        out.add(new StringBuilder(sf("sb")).append('.').toString());
        out.add(new Wide(lf(1L), 2, 3.5, sf("w")));
        out.add(pre + new Box(f(6)));
        boolean flag = out.size() == 6;
        out.add(flag ? new Box(f(7)) : new Box(0));
        for (int i = 0; i < 2; i++) {
            out.add(new Pair(i, new Box(f(10 + i))));
        }
        out.add(this.new Inner(f(8)).v);
        out.add(new Pair(new Box(1), Yield.value("direct")));
    }

    @Override
    public Object result() {
        return out;
    }
}
