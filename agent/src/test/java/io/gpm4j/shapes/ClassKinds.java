package io.gpm4j.shapes;

import static io.gpm4j.shapes.Ops.f;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** Records, enums, inner, anonymous and local classes whose methods suspend. */
public final class ClassKinds implements Subject {
    private final List<Object> out = new ArrayList<>();
    private String outerState = "O";

    record Point(int x, long y) {
        String sum(String tag) {
            int before = x;
            int extra = f(x);
            return tag + (before + y + extra);
        }

        static Point of(int x) {
            return new Point(f(x), x);
        }
    }

    final class Inner {
        private final int k;

        Inner(int k) {
            this.k = k;
        }

        String touch() {
            String mine = outerState + k;
            Object in = Yield.value("inner" + k);
            outerState = mine + in;
            return outerState;
        }
    }

    abstract static class Task {
        abstract int go(int x);
    }

    @Override
    public void run() {
        Point p = new Point(2, 5L);
        out.add(p.sum("pt"));                   // 2 + 5 + 20
        out.add(Point.of(3));
        out.add(Animal.CAT.speak(2) + Animal.DOG.speak(3));
        for (Animal a : Animal.values()) {
            out.add(a.intro());
        }
        Inner in = new Inner(7);
        out.add(in.touch());
        int captured = 11;
        Task anon = new Task() {
            private int calls;

            @Override
            int go(int x) {
                calls++;
                return x + captured + f(x) + calls;
            }
        };
        out.add(anon.go(1) + anon.go(2));        // (1+11+10+1) + (2+11+20+2)
        Runnable anonRunnable = new Runnable() {
            @Override
            public void run() {
                out.add("anon-run:" + Yield.value("anon-run") + captured);
            }
        };
        anonRunnable.run();
        String prefix = "loc";
        class Local {
            final int base;

            Local(int base) {
                this.base = base;
            }

            String make(int y) {
                return prefix + (base + f(y)) + outerState;
            }
        }
        out.add(new Local(100).make(4));
    }

    @Override
    public Object result() {
        return out;
    }
}
