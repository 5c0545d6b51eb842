package io.gpm4j.shapes;

import static io.gpm4j.shapes.Ops.f;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** try/catch/finally around suspensions; exceptions thrown after a resume. */
public final class Exceptions implements Subject {
    private final List<Object> out = new ArrayList<>();
    private int finallies;
    private int closes;
    /** The stack trace of the exception thrown by {@link #thrower} after its resume. */
    public StackTraceElement[] afterResume;
    /** The callers of {@link #thrower} before it suspended. */
    public StackTraceElement[] beforeSuspend;

    final class Resource implements AutoCloseable {
        final String name;

        Resource(String name) {
            this.name = name;
        }

        @Override
        public void close() {
            Yield.value("close-" + name);
            closes++;
        }
    }

    @Override
    public void run() {
        int x = 5;
        StringBuilder log = new StringBuilder();
        try {
            x += f(1);
            log.append("t").append(x);
        } finally {
            finallies++;
            log.append("F");
        }
        try {
            Yield.value("before-throw");
            throw new IllegalArgumentException("boom" + x);
        } catch (IllegalArgumentException e) {
            log.append("|c:").append(e.getMessage());
        }
        try {
            thrower(x);
            log.append("|not reached");
        } catch (IllegalStateException e) {
            log.append("|caught:").append(e.getMessage());
            afterResume = e.getStackTrace();
        }
        try {
            try {
                Yield.value("inner");
                throw new UnsupportedOperationException("u" + x);
            } finally {
                Object in = Yield.value("in-finally");
                finallies++;
                log.append("|fin:").append(in);
            }
        } catch (UnsupportedOperationException e) {
            log.append("|outer:").append(e.getMessage());
        }
        try {
            throw new RuntimeException("r");
        } catch (RuntimeException e) {
            Object back = Yield.value("in-catch:" + e.getMessage());
            log.append("|").append(e.getMessage()).append(back);
        }
        try {
            log.append("|").append(middle(x));
        } catch (ArithmeticException e) {
            log.append("|arith:").append(e.getMessage());
        } finally {
            finallies++;
        }
        try (Resource r = new Resource("a")) {
            log.append("|body:").append(f(2)).append(r.name);
        }
        try {
            try (Resource r = new Resource("b")) {
                Yield.value("twr-body");
                throw new IllegalStateException("twr" + r.name);
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            log.append("|twr:").append(e.getMessage());
        }
        int n = 0;
        for (int i = 0; i < 3; i++) {
            try {
                if (i == 1) {
                    continue;
                }
                n += f(i);
            } finally {
                finallies++;
            }
        }
        log.append("|n").append(n);
        out.add(log.toString());
        out.add(finallies);
        out.add(closes);
        out.add(x);
    }

    private int thrower(int v) {
        StackTraceElement[] here = new Throwable().getStackTrace();
        beforeSuspend = Arrays.copyOfRange(here, 1, here.length);
        Yield.value("thrower");
        throw new IllegalStateException("after resume " + v);
    }

    /** Catches some of what its callee throws after the resume, lets the rest through. */
    private static String middle(int v) {
        String local = "m" + v;
        try {
            return local + divide(v);
        } catch (IllegalStateException e) {
            return "wrong handler";
        } finally {
            Yield.value("middle-finally-" + local);
        }
    }

    private static int divide(int v) {
        int zero = f(0);
        return v / zero;
    }

    @Override
    public Object result() {
        return out;
    }
}
