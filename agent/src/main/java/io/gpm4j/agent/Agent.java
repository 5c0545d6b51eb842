package io.gpm4j.agent;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.rewrite.ClassRewriter;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry points of {@code gpm4j-agent.jar}: {@code -javaagent:gpm4j-agent.jar[=options]}
 * ({@link #premain}), a late attach ({@link #agentmain}), or an executable jar's
 * {@code Launcher-Agent-Class}. Installs the {@link RewritingTransformer}; on a late attach it
 * also retransforms the application classes already loaded, in small guarded batches.
 *
 * <p>The rewrite adds no fields, methods or interfaces, so retransformation can apply it to a
 * class after it was loaded.
 */
public final class Agent {
    private static final int RETRANSFORM_BATCH = 64;
    private static volatile boolean installed;

    private Agent() {
    }

    public static void premain(String args, Instrumentation inst) {
        install(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        install(args, inst, true);
    }

    private static synchronized void install(String args, Instrumentation inst, boolean lateAttach) {
        if (installed) {
            Log.warn("the agent is already installed; ignoring a second installation");
            return;
        }
        try {
            AgentOptions options = AgentOptions.parse(args);
            for (String w : options.warnings()) {
                Log.warn(w);
            }
            ClassRewriter rewriter = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED);
            warmUp(rewriter);
            RewritingTransformer transformer = new RewritingTransformer(options, rewriter);
            inst.addTransformer(transformer, inst.isRetransformClassesSupported());
            installed = true;
            if (options.verbose()) {
                Log.info("agent installed (include=" + options.include() + ", exclude=" + options.exclude() + ")");
            }
            if (lateAttach && inst.isRetransformClassesSupported()) {
                retransformLoaded(inst, options);
            }
        } catch (Throwable t) {
            Log.warn("the agent could not start; the application runs without it: " + t);
        }
    }

    /**
     * Rewrites a class of the agent's own once, so that every class the rewrite needs is loaded
     * before the transformer is installed (a class loaded during a transform is not transformed).
     */
    private static void warmUp(ClassRewriter rewriter) {
        try (var in = Agent.class.getResourceAsStream("Agent.class")) {
            if (in != null) {
                new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.EVERYTHING)
                        .rewrite(in.readAllBytes(), Agent.class.getClassLoader());
            }
        } catch (Throwable ignored) {
            /* only a warm-up */
        }
        rewriter.analysis(Agent.class.getClassLoader());
    }

    private static void retransformLoaded(Instrumentation inst, AgentOptions options) {
        List<Class<?>> batch = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() != null && inst.isModifiableClass(c) && !c.isArray()
                    && !c.isHidden() && options.accepts(c.getName())) {
                batch.add(c);
                if (batch.size() == RETRANSFORM_BATCH) {
                    retransform(inst, batch);
                }
            }
        }
        retransform(inst, batch);
    }

    private static void retransform(Instrumentation inst, List<Class<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            inst.retransformClasses(batch.toArray(new Class<?>[0]));
        } catch (Throwable t) {
            for (Class<?> c : batch) {
                try {
                    inst.retransformClasses(c);
                } catch (Throwable one) {
                    Log.warn("could not retransform " + c.getName() + " (left unchanged): " + one);
                }
            }
        }
        batch.clear();
    }
}
