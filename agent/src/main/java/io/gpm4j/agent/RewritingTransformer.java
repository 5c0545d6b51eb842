package io.gpm4j.agent;

import io.gpm4j.agent.rewrite.ClassRewriter;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * The agent's class-file transformer, installed with {@link java.lang.instrument.Instrumentation}
 * itself: every class the options accept gets {@link ClassRewriter}'s cheap first look from the
 * bytes the JVM hands over, and only a class that needs it is parsed whole and rewritten. It
 * never throws into the JVM: a class it cannot rewrite is left exactly as it was, with one
 * warning line. It is guarded against re-entry (a class loaded while a
 * transform runs on the same thread is passed through untouched; the rewrite itself loads no
 * application classes).
 */
final class RewritingTransformer implements ClassFileTransformer {
    private final AgentOptions options;
    private final ClassRewriter rewriter;
    private final ThreadLocal<boolean[]> busy = ThreadLocal.withInitial(() -> new boolean[1]);

    RewritingTransformer(AgentOptions options, ClassRewriter rewriter) {
        this.options = options;
        this.rewriter = rewriter;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || loader == null || !options.accepts(className)) {
            return null;
        }
        boolean[] flag = busy.get();
        if (flag[0]) {
            return null;
        }
        flag[0] = true;
        try {
            boolean defining = classBeingRedefined == null;
            // a retransformation must keep the body halves the definition added, whatever the first look says
            boolean keepsSplit = !defining && rewriter.wasSplit(className, loader);
            if (!keepsSplit && !rewriter.needsRewrite(classfileBuffer, className, loader, location(protectionDomain))) {
                return null; // the common case: nothing to rewrite, and no full parse of the class
            }
            ClassRewriter.Outcome outcome = rewriter.rewrite(classfileBuffer, loader, defining);
            report(outcome);
            return outcome.bytes();
        } catch (Throwable t) {
            Log.warn("could not rewrite " + className.replace('/', '.') + " (left unchanged): " + t);
            return null;
        } finally {
            flag[0] = false;
        }
    }

    private void report(ClassRewriter.Outcome outcome) {
        if (!outcome.refused().isEmpty()) {
            Log.warn((outcome.changed() ? "rewrote " : "could not rewrite ") + outcome.className()
                    + (outcome.changed() ? " except " : " (left unchanged): ")
                    + String.join("; ", outcome.refused()));
        }
        if (options.verbose() && outcome.changed()) {
            Log.info("rewrote " + outcome.className() + " " + outcome.rewritten());
        }
    }

    /** Where the class comes from, as its protection domain says; null when it does not say. */
    private static java.net.URL location(ProtectionDomain domain) {
        java.security.CodeSource source = domain == null ? null : domain.getCodeSource();
        return source == null ? null : source.getLocation();
    }
}
