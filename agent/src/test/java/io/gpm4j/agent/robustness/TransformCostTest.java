package io.gpm4j.agent.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.rewrite.ClassRewriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the agent's transformer costs per class loaded, as an application loads it (issue 13):
 * every class of Guava, Commons Lang and Jackson databind goes through what
 * {@code RewritingTransformer} does, with the agent's real inference ({@code Scope.INFERRED}): the
 * first look from the class file in hand ({@link ClassRewriter#needsRewrite(byte[], ClassLoader)}),
 * and the rewrite only for a class it selects. Each jar gets a fresh rewriter and loader (cold
 * caches, as in a fresh JVM); the whole set runs twice and the second round is reported, so the
 * figures are the transformer's, not the JIT's warm-up. Prints microseconds per class loaded, the
 * share of classes rewritten, the classes the first look selected that the rewrite then left as
 * they were, and where the time went (the first look per class, the rewrite per rewritten class).
 * A report, not a speed test; what it asserts is the first look's soundness: in the first round
 * every class it passes over is rewritten anyway, with a fresh rewriter, and must come back
 * unchanged.
 */
class TransformCostTest {
    @Test
    void microsecondsPerClassLoaded() {
        List<JarClasses> jars = List.of(JarClasses.of("guava", com.google.common.collect.ImmutableList.class),
                JarClasses.of("commons-lang3", org.apache.commons.lang3.StringUtils.class),
                JarClasses.of("jackson-databind", com.fasterxml.jackson.databind.ObjectMapper.class));
        String table = null;
        for (int round = 0; round < 2; round++) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-18s %8s %9s %9s %12s %12s %12s%n",
                    "jar", "classes", "rewritten", "selected", "µs/class", "look µs/cls", "rewrite µs"));
            for (JarClasses jar : jars) {
                b.append(measure(jar, round == 0));
            }
            table = b.toString();
        }
        System.out.print("gpm4j transformer cost per class loaded (Scope.INFERRED, warm JIT, cold caches):\n" + table);
    }

    /** With {@code check}, also rewrites every class the first look passed over: it must come back unchanged. */
    private static String measure(JarClasses jar, boolean check) {
        JarLoader loader = new JarLoader(jar.label, TransformCostTest.class.getClassLoader(), jar.classes);
        ClassRewriter rewriter = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED);
        long look = 0;
        long rewrite = 0;
        int selected = 0;
        int changed = 0;
        for (Map.Entry<String, byte[]> e : jar.classes.entrySet()) {
            long t0 = System.nanoTime();
            boolean needs = rewriter.needsRewrite(e.getValue(), loader);
            long t1 = System.nanoTime();
            look += t1 - t0;
            if (needs) {
                selected++;
                ClassRewriter.Outcome o = rewriter.rewrite(e.getValue(), loader);
                rewrite += System.nanoTime() - t1;
                if (o.changed()) {
                    changed++;
                }
            } else if (check) {
                ClassRewriter fresh = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED);
                assertTrue(!fresh.rewrite(e.getValue(), loader).changed(),
                        jar.label + ": the first look passed over " + e.getKey() + ", which the rewrite changes");
            }
        }
        int n = jar.classes.size();
        assertTrue(n > 100, jar.label);
        return String.format(Locale.ROOT, "%-18s %8d %8.1f%% %9d %12.1f %12.1f %12.0f%n", jar.label, n, 100.0 * changed / n,
                selected - changed,
                (look + rewrite) / 1000.0 / n, look / 1000.0 / n, changed == 0 ? 0.0 : rewrite / 1000.0 / changed);
    }
}
