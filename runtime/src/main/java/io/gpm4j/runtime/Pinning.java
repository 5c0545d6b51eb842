package io.gpm4j.runtime;

import java.lang.StackWalker.StackFrame;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Names the frame that pins a continuation. Only called once a suspension is known to be
 * impossible (the call handshake failed, see {@link Continuation}), or, in strict mode, to verify
 * a suspension that the handshake allowed; so it may be slow: it walks the stack.
 *
 * <p>Walking from the suspension point outwards to the continuation's entry, the first frame that
 * is neither a rewritten method outside a synchronized region nor a pure forwarder (a lambda proxy
 * or a bridge method) is the blocker. What was rewritten, and where its sites are, is looked up in
 * {@link CallSites} by the frame's class loader, class, method name and descriptor.
 */
final class Pinning {
    private static final StackWalker WALKER = StackWalker.getInstance(Set.of(
            StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_REFLECT_FRAMES,
            StackWalker.Option.SHOW_HIDDEN_FRAMES));

    /** The frame that blocks a suspension and why. */
    record Blocker(PinReason reason, StackTraceElement frame) {
    }

    private Pinning() {
    }

    /**
     * Finds the innermost frame between {@code Continuation.suspend} and {@code Continuation.run}
     * that cannot be resumed.
     */
    static Blocker find() {
        List<StackFrame> frames = WALKER.walk(s -> s
                .dropWhile(f -> !isSuspension(f))
                .skip(1)
                .takeWhile(f -> !(f.getDeclaringClass() == Continuation.class
                        && f.getMethodName().equals(RuntimeNames.CONTINUATION_RUN)))
                .collect(Collectors.toList()));
        for (StackFrame f : frames) {
            PinReason reason = classify(f);
            if (reason != null) {
                return new Blocker(reason, f.toStackTraceElement());
            }
        }
        return new Blocker(PinReason.UNKNOWN, frames.isEmpty() ? null : frames.get(0).toStackTraceElement());
    }

    /** Whether {@code f} is the call a suspension went through: {@code suspend}, or a preemption point's. */
    private static boolean isSuspension(StackFrame f) {
        return f.getDeclaringClass() == Continuation.class && f.getMethodName().equals(RuntimeNames.SUSPEND)
                || f.getDeclaringClass() == Frames.class && f.getMethodName().equals(RuntimeNames.SUSPEND_AT_POINT);
    }

    /** Strict mode: throws when a frame on the suspension path cannot be resumed. */
    static void verifyResumable() {
        Blocker b = find();
        if (b.reason() != PinReason.UNKNOWN) {
            throw new IllegalStateException("gpm4j strict mode: the call handshake let a suspension "
                    + "through, but the frame " + b.frame() + " " + b.reason().description());
        }
    }

    /** Null when the frame can be resumed, else why not. */
    private static PinReason classify(StackFrame f) {
        Class<?> type = f.getDeclaringClass();
        String owner = type.getName().replace('.', '/');
        String method = f.getMethodName();
        if (type.isHidden() || isBridge(type, method)) {
            return isReflection(type) ? PinReason.REFLECTION : null;
        }
        if (isReflection(type)) {
            return PinReason.REFLECTION;
        }
        if (method.equals("<init>")) {
            return PinReason.CONSTRUCTOR;
        }
        if (method.equals("<clinit>")) {
            return PinReason.CLASS_INITIALIZER;
        }
        CallSites.Method rewritten = CallSites.method(type.getClassLoader(), owner, method, f.getDescriptor());
        if (rewritten != null) {
            int line = f.getLineNumber();
            if (rewritten.isMonitorLine(line)) {
                return PinReason.MONITOR;
            }
            if (line > 0 && !rewritten.isResumableLine(line)) {
                return PinReason.NOT_SUSPENDABLE_CALL;
            }
            return null;
        }
        if (isJdk(type)) {
            return PinReason.JDK_FRAME;
        }
        return PinReason.UNINSTRUMENTED;
    }

    private static boolean isBridge(Class<?> type, String method) {
        for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(method) && m.isBridge()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isReflection(Class<?> type) {
        String n = type.getName();
        return n.startsWith("java.lang.reflect.") || n.startsWith("jdk.internal.reflect.")
                || n.startsWith("java.lang.invoke.") || n.startsWith("jdk.internal.vm.");
    }

    static boolean isJdk(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }
}
