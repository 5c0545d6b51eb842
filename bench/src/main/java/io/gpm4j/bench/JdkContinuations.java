package io.gpm4j.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The JDK's own one-shot delimited continuations, {@code jdk.internal.vm.Continuation} (what
 * virtual threads are built on), reached through method handles set up once, because this module
 * is compiled with {@code --release 17}. Needs JDK 21+ and
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}; otherwise {@link #UNAVAILABLE}
 * says why and every handle is null.
 */
public final class JdkContinuations {
    static final String CONTINUATION = "jdk.internal.vm.Continuation";
    static final String SCOPE = "jdk.internal.vm.ContinuationScope";

    /** {@code new ContinuationScope(String)}, typed {@code (String)Object}. */
    static final MethodHandle NEW_SCOPE;
    /** {@code new Continuation(ContinuationScope, Runnable)}, typed {@code (Object,Runnable)Object}. */
    static final MethodHandle NEW_CONTINUATION;
    /** {@code Continuation.run()}, typed {@code (Object)void}. */
    static final MethodHandle RUN;
    /** {@code Continuation.yield(ContinuationScope)}, typed {@code (Object)boolean}. */
    static final MethodHandle YIELD;
    /** {@code Continuation.isDone()}, typed {@code (Object)boolean}. */
    static final MethodHandle IS_DONE;
    /** Null when the handles are there, else why not. */
    static final String UNAVAILABLE;

    static {
        MethodHandle newScope = null;
        MethodHandle newContinuation = null;
        MethodHandle run = null;
        MethodHandle yield = null;
        MethodHandle isDone = null;
        String unavailable = null;
        if (Runtime.version().feature() < 21) {
            unavailable = "JDK " + Runtime.version().feature() + " (needs 21+)";
        } else {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                Class<?> continuation = Class.forName(CONTINUATION);
                Class<?> scope = Class.forName(SCOPE);
                newScope = lookup.findConstructor(scope, MethodType.methodType(void.class, String.class))
                        .asType(MethodType.methodType(Object.class, String.class));
                newContinuation = lookup.findConstructor(continuation,
                                MethodType.methodType(void.class, scope, Runnable.class))
                        .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
                run = lookup.findVirtual(continuation, "run", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
                yield = lookup.findStatic(continuation, "yield", MethodType.methodType(boolean.class, scope))
                        .asType(MethodType.methodType(boolean.class, Object.class));
                isDone = lookup.findVirtual(continuation, "isDone", MethodType.methodType(boolean.class))
                        .asType(MethodType.methodType(boolean.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                unavailable = e + " (run with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED)";
                newScope = newContinuation = run = yield = isDone = null;
            }
        }
        NEW_SCOPE = newScope;
        NEW_CONTINUATION = newContinuation;
        RUN = run;
        YIELD = yield;
        IS_DONE = isDone;
        UNAVAILABLE = unavailable;
    }

    private JdkContinuations() {
    }

    /** Whether this JVM has the JDK continuation class at all (not whether it is exported). */
    static boolean present() {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        try {
            Class.forName(CONTINUATION, false, ClassLoader.getSystemClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * The JDK counterpart of {@code io.gpm4j.bench.workload.Descend}: yields at a fixed depth,
     * forever. Depth {@code d}: this {@code run()} and {@code d-1} frames of {@link #down}.
     */
    static final class Descend implements Runnable {
        private final Object scope;
        private final int depth;
        int sink;

        Descend(Object scope, int depth) {
            this.scope = scope;
            this.depth = depth;
        }

        @Override
        public void run() {
            for (;;) {
                if (depth == 1) {
                    yieldTo(scope);
                } else {
                    sink = down(scope, depth - 1);
                }
            }
        }

        private static int down(Object scope, int n) {
            if (n == 1) {
                yieldTo(scope);
                return 1;
            }
            return n + down(scope, n - 1);
        }

        private static void yieldTo(Object scope) {
            try {
                boolean ok = (boolean) YIELD.invokeExact(scope);
                if (!ok) {
                    throw new IllegalStateException("JDK continuation pinned");
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }
}
