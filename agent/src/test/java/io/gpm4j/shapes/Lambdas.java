package io.gpm4j.shapes;

import static io.gpm4j.shapes.Ops.f;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** Nested lambdas, same-class and cross-class method references, captured locals. */
public final class Lambdas implements Subject {
    private final List<Object> out = new ArrayList<>();
    private int counter;

    /** An application functional interface. */
    public interface Op {
        long combine(long a, double b);
    }

    static class Job implements Worker {
        final String name;

        Job(String name) {
            this.name = name;
        }

        @Override
        public String work(int n) {
            return name + f(n);
        }
    }

    static final class SubJob extends Job {
        SubJob() {
            super("sub");
        }

        @Override
        public String work(int n) {
            Object in = Yield.value("subjob" + n);
            return "SJ" + n + in;
        }
    }

    @Override
    public void run() {
        Mailbox2.log = new ArrayList<>();
        Other.calls = 0;
        int a = 3;
        long b = 4L;
        double c = 0.5;
        String s = "cap";
        Supplier<String> capture = () -> s + a + b + c + Yield.value("captured");
        out.add(capture.get());
        Function<Integer, Supplier<String>> nested = x -> {
            int y = x * 2;
            return () -> {
                Runnable deepest = () -> out.add("deep" + f(y));
                deepest.run();
                return "nested" + (y + f(x));
            };
        };
        out.add(nested.apply(1).get());
        Runnable staticRef = Lambdas::staticTarget;
        staticRef.run();
        Runnable boundRef = this::instanceTarget;
        boundRef.run();
        boundRef.run();
        Runnable otherRef = Other::work;
        otherRef.run();
        Function<String, String> otherFn = Other::shout;
        out.add(otherFn.apply("hey"));
        out.add(Other.calls + "," + counter + "," + Mailbox2.log);
        Op op = (x, y) -> x + (long) (y * f(2));
        out.add(op.combine(1000L, 0.5));
        BiFunction<String, Integer, String> bi = (p, q) -> p + q + Yield.value("bi");
        out.add(bi.apply("b", 7));
        IntSupplier counting = () -> ++counter + f(counter);
        out.add(counting.getAsInt() + counting.getAsInt());
        Consumer<String> consumer = v -> out.add("consumed:" + v + Yield.value("consume-" + v));
        consumer.accept("z");
        Function<Integer, Integer> compose = ((Function<Integer, Integer>) x -> x + 1)
                .apply(0) == 1 ? x -> f(x) + a : x -> 0;
        out.add(compose.apply(4));
        Worker bound = new Job("job")::work;
        out.add(bound.work(5));
        Function<Worker, String> unbound = w -> w.work(6);
        out.add(unbound.apply(new Job("lam")));
    }

    private static void staticTarget() {
        Mailbox2.log.add("static:" + Yield.value("static-ref"));
    }

    private void instanceTarget() {
        int before = counter;
        Yield.value("instance-ref" + before);
        counter = before + 1;
    }

    @Override
    public Object result() {
        return out;
    }
}
