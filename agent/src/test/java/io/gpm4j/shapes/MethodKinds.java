package io.gpm4j.shapes;

import static io.gpm4j.shapes.Ops.f;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** Static, instance, private, final, super, abstract, interface default/static/private methods. */
public final class MethodKinds implements Subject {
    private final List<Object> out = new ArrayList<>();
    private int field = 3;

    abstract static class Base {
        int seed = 2;

        abstract int step(int x);

        int twice(int x) {
            return step(x) + step(x + 1);
        }

        String who() {
            Yield.value("base-who");
            return "base" + seed;
        }
    }

    static final class Derived extends Base {
        @Override
        int step(int x) {
            return f(x) + seed;
        }

        @Override
        String who() {
            String mine = "derived";
            return mine + "/" + super.who();
        }
    }

    static final class Square implements Shape {
        @Override
        public int sides() {
            Yield.value("sides");
            return 4;
        }
    }

    @Override
    public void run() {
        out.add(staticOne(5));
        out.add(instanceOne(1L));
        out.add(privateOne("p"));
        out.add(finalOne(2.5));
        Base b = new Derived();
        out.add(b.twice(1));                 // (10+2) + (20+2)
        out.add(b.who());
        Shape s = new Square();
        out.add(s.describe("sq"));
        out.add(Shape.label(9));
        Shape lambda = () -> f(3) / 10;
        out.add(lambda.describe("lam"));
    }

    static int staticOne(int x) {
        return x + f(x);
    }

    String instanceOne(long l) {
        return field + "/" + (l + Ops.lf(l)) + "/" + field;
    }

    private String privateOne(String p) {
        return p + Yield.value("private") + field;
    }

    public final double finalOne(double d) {
        return d + Ops.df(d);
    }

    @Override
    public Object result() {
        return out;
    }
}
