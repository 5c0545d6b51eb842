package io.gpm4j.shapes;

import static io.gpm4j.shapes.Ops.f;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Generic bridge methods called through the erased interface, and varargs. */
public final class Generics implements Subject {
    private final List<Object> out = new ArrayList<>();

    /** An application generic interface. */
    public interface Transformer<T> {
        T apply(T in);
    }

    static final class Upper implements Transformer<String> {
        @Override
        public String apply(String in) {
            Object back = Yield.value("upper-" + in);
            return in.toUpperCase() + back;
        }
    }

    /** A JDK generic interface implemented by a class (bridge {@code apply(Object)Object}). */
    static final class Doubler implements Function<Integer, Integer> {
        @Override
        public Integer apply(Integer x) {
            return x + f(x) / 10;
        }
    }

    abstract static class Source<T> {
        abstract T get();
    }

    /** A covariant override: the bridge {@code get()Object} forwards to {@code get()String}. */
    static final class Named extends Source<String> {
        @Override
        String get() {
            return "named" + Yield.value("named");
        }
    }

    static final class Lazy implements Supplier<String> {
        private final int n;

        Lazy(int n) {
            this.n = n;
        }

        @Override
        public String get() {
            return "lazy" + f(n);
        }
    }

    @Override
    public void run() {
        Transformer<String> t = new Upper();
        out.add(t.apply("abc"));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Transformer<Object> raw = (Transformer) t;
        out.add(raw.apply("raw"));
        Function<Integer, Integer> d = new Doubler();
        out.add(d.apply(5) + d.apply(6));        // 10 + 12
        Source<String> src = new Named();
        out.add(src.get());
        Supplier<String> lazy = new Lazy(8);
        out.add(lazy.get());
        out.add(sum());
        out.add(sum(1, f(2), 3));
        out.add(sum(f(4)) + sum(5, 6));
        out.add(join("-", "a", f(7), sumLong(1L, 2L, Ops.lf(1L)), "z"));
        out.add(join("+"));
    }

    private static int sum(int... xs) {
        int s = 0;
        for (int x : xs) {
            s += x;
        }
        Object in = Yield.value("sum" + xs.length);
        return s * 100 + ((String) in).length();
    }

    private static long sumLong(long... xs) {
        long s = 0;
        for (long x : xs) {
            s += x;
        }
        return s;
    }

    private static String join(String sep, Object... parts) {
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            if (b.length() > 0) {
                b.append(sep);
            }
            b.append(p);
        }
        Yield.value("join" + parts.length);
        return b + sep;
    }

    @Override
    public Object result() {
        return out;
    }
}
