package io.gpm4j.agent.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.rewrite.ClassRewriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What making every loop preemptible would cost in rewritten code (issue 11): methods with a loop
 * but no suspendable call are not rewritten, so their loops have no preemption point. To give
 * them one they would have to become suspendable, and so would every caller, transitively. For
 * Guava, Commons Lang and Jackson databind this counts the methods and classes the agent rewrites
 * today (its real inference, {@code Scope.INFERRED}) and those it would rewrite with that cascade:
 * today's, plus every method with a backward jump, plus their callers within the jar, by exact
 * call target (virtual calls through a subclass's name are missed, so the cascade figure is a
 * lower bound). Constructors and static initialisers are left out (they are never rewritten).
 * Prints the figures; the decision they support is in the rewrite package's essay.
 */
class LoopCascadeTest {
    @Test
    void countTheCascade() throws Exception {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-18s %8s %9s %9s %9s %9s %9s%n",
                "jar", "classes", "methods", "rewr.cls", "rewr.mth", "casc.cls", "casc.mth"));
        for (JarClasses jar : List.of(JarClasses.of("guava", com.google.common.collect.ImmutableList.class),
                JarClasses.of("commons-lang3", org.apache.commons.lang3.StringUtils.class),
                JarClasses.of("jackson-databind", com.fasterxml.jackson.databind.ObjectMapper.class))) {
            JarLoader loader = new JarLoader(jar.label, getClass().getClassLoader(), jar.classes);
            ClassRewriter rewriter = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED);
            Set<String> today = new HashSet<>();
            Set<String> loops = new HashSet<>();
            Map<String, Set<String>> callers = new HashMap<>();
            int methods = 0;
            for (Map.Entry<String, byte[]> e : jar.classes.entrySet()) {
                ClassRewriter.Outcome o = rewriter.rewrite(e.getValue(), loader);
                ClassNode node = new ClassNode();
                new ClassReader(e.getValue()).accept(node, ClassReader.SKIP_FRAMES);
                for (String m : o.rewritten()) {
                    today.add(node.name + '.' + m);
                }
                for (MethodNode m : node.methods) {
                    if (m.name.startsWith("<") || (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                        continue;
                    }
                    methods++;
                    String self = node.name + '.' + m.name + m.desc;
                    for (AbstractInsnNode insn : m.instructions) {
                        if (insn instanceof JumpInsnNode j && m.instructions.indexOf(j.label) < m.instructions.indexOf(j)) {
                            loops.add(self);
                        } else if (insn instanceof MethodInsnNode c) {
                            callers.computeIfAbsent(c.owner + '.' + c.name + c.desc, k -> new HashSet<>()).add(self);
                        }
                    }
                }
            }
            Set<String> cascade = new HashSet<>(today);
            Deque<String> work = new ArrayDeque<>(loops);
            while (!work.isEmpty()) {
                String m = work.poll();
                if (cascade.add(m) || loops.contains(m)) {
                    for (String c : callers.getOrDefault(m, Set.of())) {
                        if (!cascade.contains(c)) {
                            work.add(c);
                        }
                    }
                }
            }
            table.append(String.format(Locale.ROOT, "%-18s %8d %9d %9d %9d %9d %9d%n", jar.label, jar.classes.size(),
                    methods, classes(today), today.size(), classes(cascade), cascade.size()));
            assertTrue(cascade.size() >= today.size() && !loops.isEmpty(), jar.label);
        }
        System.out.print("gpm4j loop cascade (methods rewritten today vs with every loop preemptible):\n" + table);
    }

    private static long classes(Set<String> methods) {
        return methods.stream().map(m -> m.substring(0, m.indexOf('.'))).distinct().count();
    }
}
