package io.gpm4j.agent.robustness;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The verifier does not resolve the class of a {@code CHECKCAST}; the JVM does when the
 * instruction first runs, and throws {@link IllegalAccessError} when the class is not accessible
 * from the caster (a package-private JDK class inferred by a type merge, say
 * {@code java.lang.AbstractStringBuilder}). The restore blocks cast to inferred types, so check
 * every cast target of a rewritten class the way the JVM would.
 */
final class Access {
    private Access() {
    }

    /** The cast targets of {@code bytes} (defined as {@code cls}) that {@code cls} may not access. */
    static List<String> inaccessibleCasts(Class<?> cls, byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        Set<String> targets = new TreeSet<>();
        for (MethodNode m : node.methods) {
            for (AbstractInsnNode insn : m.instructions) {
                if (insn.getOpcode() == Opcodes.CHECKCAST) {
                    Type t = Type.getObjectType(((TypeInsnNode) insn).desc);
                    if (t.getSort() == Type.ARRAY) {
                        t = t.getElementType();
                    }
                    if (t.getSort() == Type.OBJECT) {
                        targets.add(t.getClassName());
                    }
                }
            }
        }
        List<String> bad = new ArrayList<>();
        MethodHandles.Lookup lookup;
        try {
            lookup = MethodHandles.privateLookupIn(cls, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        for (String target : targets) {
            try {
                lookup.accessClass(Class.forName(target, false, cls.getClassLoader()));
            } catch (IllegalAccessException e) {
                bad.add(target);
            } catch (ClassNotFoundException | LinkageError e) {
                // a missing optional dependency: not the rewrite's doing
            }
        }
        return bad;
    }
}
