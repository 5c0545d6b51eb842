package io.gpm4j.shapes;

import io.gpm4j.Suspendable;
import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Direct calls: static and private methods the class calls itself, which the rewrite splits into
 * an entry half and a body half that takes the continuation as its last argument. Every shape a
 * split meets: wide arguments and locals after them (the slots the continuation's argument
 * moves), private instance recursion, an exception through body halves, a method reference to a
 * split method (entered through its entry half) beside a direct call of it, a call under a
 * monitor (the entry half: detached, so its suspension pins), a stack trace through body halves,
 * a call from another class ({@link DirectCaller}), and a final method of a class that is not
 * final beside an overridable one, whose calls must still dispatch ({@link Open}).
 */
public final class Direct implements Subject {
    private final List<Object> out = new ArrayList<>();
    private final Object lock = new Object();

    @Override
    public void run() {
        out.add(wide(2, 2.5, "w", 7L));
        out.add(deep(3));
        try {
            out.add(fails(2));
        } catch (IllegalStateException e) {
            out.add(e.getMessage());
        }
        Supplier<String> reference = Direct::referenced;
        out.add(reference.get() + referenced());
        synchronized (lock) {
            out.add(underMonitor());
        }
        out.add(traceNames(3));
        out.add(DirectCaller.callIn(4));
        out.add(new Open().closed(2));
        Open open = new OpenChild();
        out.add(open.open(2));
        out.add(sum(10));
    }

    static String wide(long a, double b, String s, long d) {
        long local = a * 10;
        double half = b / 2;
        Object in = Yield.value("wide" + a);
        String below = a > 1 ? wide(a - 1, b + 1, s + s, d) : "";
        return a + ":" + local + ":" + half + ":" + s + ":" + d + ":" + in + "|" + below;
    }

    private int deep(int n) {
        int mine = n * 7;
        if (n == 0) {
            return ((String) Yield.value("bottom")).length();
        }
        int below = deep(n - 1);
        return below + mine;
    }

    private static int fails(int n) {
        if (n == 0) {
            Yield.value("before-throw");
            throw new IllegalStateException("thrown at the bottom");
        }
        return fails(n - 1) + 1;
    }

    private static String referenced() {
        return "r" + Yield.value("referenced");
    }

    /** Called under a monitor: the call is no resumable site, so its suspension pins. */
    private String underMonitor() {
        return "m" + monitored();
    }

    private static Object monitored() {
        return atMonitorLine();
    }

    private static Object atMonitorLine() {
        return Yield.value("monitored");
    }

    /** How many frames of this method a stack trace shows from {@code n} levels of recursion, all named alike. */
    private static String traceNames(int n) {
        if (n > 0) {
            return traceNames(n - 1);
        }
        Yield.value("trace");
        int named = 0;
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (e.getClassName().equals(Direct.class.getName()) && e.getMethodName().equals("traceNames")) {
                named++;
            }
        }
        return "traceNames x" + named;
    }

    /** Never suspends: a split method that also runs on a plain thread, through its entry half. */
    @Suspendable
    public static long sum(int n) {
        return n == 0 ? 0 : n + sum(n - 1);
    }

    /** Not a final class: its final method is split, its overridable one is not. */
    static class Open {
        final int closed(int n) {
            if (n == 0) {
                return ((String) Yield.value("closed")).length();
            }
            return closed(n - 1) + 1;
        }

        /** Its recursion must dispatch: an {@link OpenChild} answers every level. */
        int open(int n) {
            if (n == 0) {
                return ((String) Yield.value("open")).length();
            }
            return open(n - 1) + 1;
        }
    }

    static final class OpenChild extends Open {
        @Override
        int open(int n) {
            return n == 0 ? 1000 + super.open(0) : super.open(n);
        }
    }

    @Override
    public Object result() {
        return out;
    }
}
