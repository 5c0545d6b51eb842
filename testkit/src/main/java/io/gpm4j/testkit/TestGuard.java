package io.gpm4j.testkit;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * JUnit extension (registered for every test through {@code META-INF/services} and
 * {@code junit.jupiter.extensions.autodetection.enabled}) that keeps a goroutine's failure or
 * hang from becoming a bare timeout:
 *
 * <ul>
 *   <li>an exception that escapes a goroutine, or any other thread, while a test runs fails that
 *       test at once, instead of leaving it to wait for a goroutine that is gone until the JUnit
 *       timeout;</li>
 *   <li>a method still running {@link #DUMP_MARGIN} before its JUnit timeout fails then, with the
 *       goroutine dump ({@code Go.stack(true)}) and its own thread's stack, instead of JUnit's
 *       bare {@code TimeoutException}.</li>
 * </ul>
 *
 * <p>An exception that ends a goroutine goes to the default uncaught-exception handler, wrapped
 * in {@code UncaughtGoroutineException} ({@code io.gpm4j.runtime.Panics}); so does one that ends a
 * plain thread. For each test class this extension installs a handler that records them (and
 * restores the previous handler after the class). Each test and lifecycle method runs on a
 * thread of its own while the caller waits for whichever comes first: the method's end, a
 * recorded exception, or the time limit. On an exception the test fails with it as the cause
 * (later ones suppressed); a method still waiting is interrupted and left behind, as JUnit leaves
 * a timed-out one. An exception recorded between two methods fails the next one; after the last,
 * the class.
 *
 * <p>A test that expects an uncaught exception installs its own default handler for its
 * duration and restores this one after ({@code UncaughtExceptionTest} does).
 *
 * <p><b>Important</b>: a method left behind may still hold the scheduler (e.g. GOMAXPROCS not
 * restored); the tests module runs each test class in a JVM of its own, so the damage stays in
 * that class.
 */
public final class TestGuard implements BeforeAllCallback, AfterAllCallback, InvocationInterceptor {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TestGuard.class);
    private static final String RECORDER = "recorder";
    private static final int MAX_SUPPRESSED = 10;
    /** A method still running this long before its JUnit timeout is failed with the dumps. */
    static final Duration DUMP_MARGIN = Duration.ofSeconds(5);
    /** How long {@code Go.stack(true)} may take (the scheduler may be wedged). */
    private static final Duration STACK_LIMIT = Duration.ofSeconds(3);

    @Override
    public void beforeAll(ExtensionContext c) {
        Recorder r = new Recorder(Thread.getDefaultUncaughtExceptionHandler());
        Thread.setDefaultUncaughtExceptionHandler(r);
        c.getStore(NS).put(RECORDER, r);
    }

    @Override
    public void afterAll(ExtensionContext c) {
        Recorder r = c.getStore(NS).remove(RECORDER, Recorder.class);
        if (r == null) {
            return;
        }
        if (Thread.getDefaultUncaughtExceptionHandler() == r) {
            Thread.setDefaultUncaughtExceptionHandler(r.previous);
        }
        AssertionError late = r.drain("after the last test of the class");
        if (late != null) {
            throw late;
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic, ExtensionContext c)
            throws Throwable {
        guard(invocation, c);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        guard(invocation, c);
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        return guard(invocation, c);
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        guard(invocation, c);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        guard(invocation, c);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        guard(invocation, c);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        guard(invocation, c);
    }

    /**
     * {@link #guardOnce}; a failure under the suite's extra agent options ({@link SuiteAgentOptions},
     * e.g. chaos mode's seed) names them, so that it can be replayed.
     */
    private static <T> T guard(Invocation<T> invocation, ExtensionContext c) throws Throwable {
        try {
            return guardOnce(invocation, c);
        } catch (Throwable t) {
            String note = SuiteAgentOptions.note();
            if (note != null) {
                t.addSuppressed(new AgentOptionsNote(note));
            }
            throw t;
        }
    }

    /** Added to a failure to name the suite's extra agent options: a message, with no stack trace. */
    static final class AgentOptionsNote extends Exception {
        private static final long serialVersionUID = 1L;

        AgentOptionsNote(String message) {
            super(message, null, false, false);
        }
    }

    /** Runs the method on a thread of its own and returns or throws as soon as it ends or an exception escapes a thread. */
    private static <T> T guardOnce(Invocation<T> invocation, ExtensionContext c) throws Throwable {
        Recorder r = c.getStore(NS).get(RECORDER, Recorder.class);
        if (r == null) {
            return invocation.proceed();
        }
        AssertionError earlier = r.drain("before " + c.getDisplayName() + " started (left by an earlier method)");
        if (earlier != null) {
            throw earlier;
        }
        CompletableFuture<Throwable> escaped = r.arm();
        CompletableFuture<T> body = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                body.complete(invocation.proceed());
            } catch (Throwable e) {
                body.completeExceptionally(e);
            }
        }, "test " + c.getDisplayName());
        t.setDaemon(true);
        Duration left = TestDeadline.remaining();
        t.start();
        try {
            if (left == null) {
                CompletableFuture.anyOf(body, escaped).get();
            } else {
                Duration wait = left.minus(DUMP_MARGIN);
                CompletableFuture.anyOf(body, escaped).get(Math.max(wait.toNanos(), 0), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            /* the body threw: reported below */
        } catch (TimeoutException e) {
            if (!body.isDone() && !escaped.isDone()) {
                t.interrupt();
                throw new AssertionError(c.getDisplayName() + " did not finish " + DUMP_MARGIN.toSeconds()
                        + " s before its JUnit timeout; its thread was interrupted and left behind:" + stack(t)
                        + "\n--- goroutines ---\n" + goroutineDump());
            }
        } catch (InterruptedException e) {
            t.interrupt(); // JUnit's timeout (same-thread mode) stops the body too
            throw e;
        }
        AssertionError failure = r.drain("while " + c.getDisplayName() + " ran");
        if (failure != null) {
            if (!body.isDone()) {
                t.interrupt();
                failure.addSuppressed(new Exception("the test's own thread was still running, left behind:"
                        + stack(t) + "\n--- goroutines ---\n" + goroutineDump()));
            } else if (body.isCompletedExceptionally()) {
                failure.addSuppressed(cause(body));
            }
            throw failure;
        }
        try {
            return body.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    /** {@code Go.stack(true)} when the runtime is on the class path (called reflectively: the test kit does not depend on it). */
    static String goroutineDump() {
        CompletableFuture<String> dump = new CompletableFuture<>();
        Thread d = new Thread(() -> {
            try {
                Class<?> go = Class.forName("io.gpm4j.Go", true, TestGuard.class.getClassLoader());
                dump.complete((String) go.getMethod("stack", boolean.class).invoke(null, true));
            } catch (ClassNotFoundException e) {
                dump.complete("(no gpm4j runtime on the class path)");
            } catch (Throwable e) {
                dump.complete("(Go.stack(true) failed: " + e + ")");
            }
        }, "gpm4j-testkit goroutine dump");
        d.setDaemon(true);
        d.start();
        try {
            return dump.get(STACK_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "(Go.stack(true) did not answer in " + STACK_LIMIT.toSeconds() + " s:" + stack(d) + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        } catch (ExecutionException e) {
            return "(" + e.getCause() + ")";
        }
    }

    private static Throwable cause(CompletableFuture<?> f) {
        try {
            f.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private static String stack(Thread t) {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement f : t.getStackTrace()) {
            b.append("\n\tat ").append(f);
        }
        return b.toString();
    }

    /** The default uncaught-exception handler while a test class runs: records, prints nothing. */
    static final class Recorder implements Thread.UncaughtExceptionHandler {
        final Thread.UncaughtExceptionHandler previous;
        /** Guarded by this. */
        private final List<AssertionError> failures = new ArrayList<>();
        /** Completed with the first failure after {@link #arm}; guarded by this. */
        private CompletableFuture<Throwable> first = new CompletableFuture<>();

        Recorder(Thread.UncaughtExceptionHandler previous) {
            this.previous = previous;
        }

        @Override
        public void uncaughtException(Thread t, Throwable e) {
            // a goroutine's comes wrapped: "uncaught exception in goroutine N", the cause is what it threw
            String what = e.getCause() != null && e.getClass().getName().equals("io.gpm4j.UncaughtGoroutineException")
                    ? e.getMessage() + " (on thread \"" + t.getName() + "\"): " + e.getCause()
                    : "uncaught exception in thread \"" + t.getName() + "\": " + e;
            AssertionError f = new AssertionError(what, e);
            synchronized (this) {
                failures.add(f);
                first.complete(f);
            }
        }

        /** A future that completes when the next exception is recorded (at once if one is pending). */
        synchronized CompletableFuture<Throwable> arm() {
            return first;
        }

        /** The failures recorded since the last drain, as one error (null when none), and resets. */
        synchronized AssertionError drain(String when) {
            if (failures.isEmpty()) {
                return null;
            }
            AssertionError f = failures.get(0);
            AssertionError e = new AssertionError(f.getMessage() + " [" + when + "]", f.getCause());
            for (int i = 1; i < failures.size() && i <= MAX_SUPPRESSED; i++) {
                e.addSuppressed(failures.get(i).getCause());
            }
            if (failures.size() > MAX_SUPPRESSED + 1) {
                e.addSuppressed(new Exception((failures.size() - MAX_SUPPRESSED - 1) + " more left out"));
            }
            failures.clear();
            first = new CompletableFuture<>();
            return e;
        }
    }
}
