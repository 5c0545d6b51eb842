package io.gpm4j.testkit;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit extension (registered for every test through {@code META-INF/services} and
 * {@code junit.jupiter.extensions.autodetection.enabled}): notes when JUnit will time out the
 * method now running, so that {@link ChildProcess} can stop a child, dump it and report before
 * JUnit abandons the test.
 *
 * <p>The timeout is resolved as JUnit resolves it, except for the {@code mode} and thread-mode
 * settings: {@code @Timeout} on the method, then on its class (test methods only), then
 * {@code junit.jupiter.execution.timeout.<kind>.method.default}, {@code testable.method.default}
 * or {@code lifecycle.method.default}, then {@code junit.jupiter.execution.timeout.default}.
 *
 * <p>Test classes run one at a time in a JVM (the suite does not use JUnit's parallel mode), so the
 * deadline is one static field; a nested run (a launcher started by a test) saves and restores it.
 */
public final class TestDeadline implements InvocationInterceptor {
    private static final String PREFIX = "junit.jupiter.execution.timeout.";
    private static final Pattern VALUE = Pattern.compile("\\s*(\\d+)\\s*(ns|μs|ms|s|m|h|d)?\\s*", Pattern.CASE_INSENSITIVE);

    /** {@link System#nanoTime()} at which the running method times out, or {@link Long#MIN_VALUE} when none. */
    private static volatile long deadlineNanos = Long.MIN_VALUE;

    /**
     * What is left of the running method's JUnit timeout, or null when it has none or no JUnit
     * method is running (negative once past the deadline).
     */
    public static Duration remaining() {
        long d = deadlineNanos;
        return d == Long.MIN_VALUE ? null : Duration.ofNanos(d - System.nanoTime());
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic, ExtensionContext c)
            throws Throwable {
        bound(invocation, c, ic.getExecutable(), "test", "testable");
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        bound(invocation, c, ic.getExecutable(), "testtemplate", "testable");
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        return bound(invocation, c, ic.getExecutable(), "testfactory", "testable");
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        bound(invocation, c, ic.getExecutable(), "beforeall", "lifecycle");
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        bound(invocation, c, ic.getExecutable(), "beforeeach", "lifecycle");
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        bound(invocation, c, ic.getExecutable(), "aftereach", "lifecycle");
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        bound(invocation, c, ic.getExecutable(), "afterall", "lifecycle");
    }

    private static <T> T bound(Invocation<T> invocation, ExtensionContext c, Method m, String kind, String group)
            throws Throwable {
        Duration timeout = timeout(c, m, kind, group);
        long saved = deadlineNanos;
        deadlineNanos = timeout == null ? Long.MIN_VALUE : System.nanoTime() + timeout.toNanos();
        try {
            return invocation.proceed();
        } finally {
            deadlineNanos = saved;
        }
    }

    /** The timeout JUnit applies to {@code m}, or null when none. */
    static Duration timeout(ExtensionContext c, Method m, String kind, String group) {
        Optional<Timeout> a = AnnotationSupport.findAnnotation(m, Timeout.class);
        if (a.isEmpty() && group.equals("testable")) {
            a = AnnotationSupport.findAnnotation(m.getDeclaringClass(), Timeout.class);
        }
        if (a.isPresent()) {
            return Duration.ofNanos(a.get().unit().toNanos(a.get().value()));
        }
        for (String key : new String[] {kind + ".method.default", group + ".method.default", "default"}) {
            Optional<String> v = c.getConfigurationParameter(PREFIX + key);
            if (v.isPresent()) {
                return parse(v.get());
            }
        }
        return null;
    }

    /** JUnit's timeout format: a number and an optional unit, seconds by default ({@code "60 s"}). */
    static Duration parse(String value) {
        Matcher m = VALUE.matcher(value);
        if (!m.matches()) {
            return null; // JUnit ignores it too (with a warning)
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        TimeUnit u = switch (unit) {
            case "ns" -> TimeUnit.NANOSECONDS;
            case "μs" -> TimeUnit.MICROSECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            case "m" -> TimeUnit.MINUTES;
            case "h" -> TimeUnit.HOURS;
            case "d" -> TimeUnit.DAYS;
            default -> TimeUnit.SECONDS;
        };
        return Duration.ofNanos(u.toNanos(n));
    }
}
