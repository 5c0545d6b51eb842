package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.gpm4j.runtime.RuntimeNames;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The rewrite must change method bodies only, adding no method but the body halves of split
 * methods (DirectCalls) when a class is defined, and exactly those again when it is retransformed
 * (so that retransformation can apply it), and must never load a class while it works (inside an
 * agent that fails or deadlocks).
 */
class SchemaAndLoadingTest {
    private static final String[] CLASSES = {
        "io/gpm4j/shapes/Primitives", "io/gpm4j/shapes/Yield", "io/gpm4j/shapes/OperandStack",
        "io/gpm4j/shapes/ControlFlow", "io/gpm4j/shapes/Exceptions", "io/gpm4j/shapes/ConstructorArguments",
    };

    /** Serves class files as resources but refuses to load any class of the shapes package. */
    private static final class NoLoadingLoader extends ClassLoader {
        final List<String> attempts = new ArrayList<>();

        NoLoadingLoader() {
            super(SchemaAndLoadingTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.gpm4j.shapes.")) {
                attempts.add(name);
                throw new ClassNotFoundException("no class may be loaded during a rewrite: " + name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void rewriteChangesNoFieldMethodOrInterfaceAndLoadsNoClass() throws IOException {
        NoLoadingLoader loader = new NoLoadingLoader();
        ClassRewriter rewriter = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED);
        int changed = 0;
        int split = 0;
        for (String name : CLASSES) {
            byte[] original;
            try (InputStream in = loader.getResourceAsStream(name + ".class")) {
                if (in == null) {
                    continue; // a subject not written yet
                }
                original = in.readAllBytes();
            }
            ClassRewriter.Outcome outcome = rewriter.rewrite(original, loader);
            if (!outcome.changed()) {
                continue;
            }
            changed++;
            ClassNode before = node(original);
            ClassNode after = node(outcome.bytes());
            assertEquals(before.superName, after.superName, name);
            assertEquals(before.interfaces, after.interfaces, name);
            assertEquals(before.access, after.access, name);
            assertEquals(fields(before), fields(after), name);
            List<String> added = new ArrayList<>(methods(after));
            assertTrue(added.subList(0, before.methods.size()).equals(methods(before)),
                    name + ": the declared methods come first, unchanged: " + added);
            added = added.subList(before.methods.size(), added.size());
            for (String m : added) {
                assertTrue(isBodyHalfOf(m, before), name + ": added " + m + ", not a body half");
            }
            split += added.size();

            // a retransformation splits exactly what the definition split: the class keeps its methods
            ClassRewriter.Outcome again = rewriter.rewrite(original, loader, false);
            assertEquals(methods(after), methods(node(again.bytes())), name + " retransformed");
            // a class defined before the agent came (nothing recorded) is never split by a retransformation
            ClassRewriter.Outcome late = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED)
                    .rewrite(original, loader, false);
            assertEquals(methods(before), late.changed() ? methods(node(late.bytes())) : methods(before),
                    name + " retransformed after a late attach");
        }
        assertTrue(changed >= 3, "expected several rewritten classes, got " + changed);
        assertTrue(split >= 1, "expected a split method among the shapes");
        assertFalse(!loader.attempts.isEmpty(), "classes loaded during the rewrite: " + loader.attempts);
    }

    /**
     * Whether {@code added} ("access name+descriptor signature exceptions") is the body half of a
     * method of {@code before}: private and synthetic (static as the method is),
     * the same name, the continuation added as the last argument, no signature, the same exceptions,
     * of a method nothing can override (static, private, final, or of a final class).
     */
    private static boolean isBodyHalfOf(String added, ClassNode before) {
        for (MethodNode m : before.methods) {
            int access = Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC | (m.access & Opcodes.ACC_STATIC);
            String desc = m.desc.replace(")", RuntimeNames.CONTINUATION_DESC + ")");
            boolean overridable = (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) == 0
                    && (before.access & Opcodes.ACC_FINAL) == 0;
            if (added.equals(access + " " + m.name + desc + " null " + m.exceptions) && !overridable) {
                return true;
            }
        }
        return false;
    }

    private static ClassNode node(byte[] bytes) {
        ClassNode n = new ClassNode();
        new ClassReader(bytes).accept(n, ClassReader.SKIP_CODE);
        return n;
    }

    private static List<String> fields(ClassNode n) {
        List<String> out = new ArrayList<>();
        for (FieldNode f : n.fields) {
            out.add(f.access + " " + f.name + f.desc + " " + f.signature);
        }
        return out;
    }

    private static List<String> methods(ClassNode n) {
        List<String> out = new ArrayList<>();
        for (MethodNode m : n.methods) {
            out.add(m.access + " " + m.name + m.desc + " " + m.signature + " " + m.exceptions);
        }
        return out;
    }
}
