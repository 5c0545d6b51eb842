package io.gpm4j.agent.rewrite;

import io.gpm4j.agent.analysis.ClassHierarchy;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * ASM's {@link SimpleVerifier} with its subtype questions answered from class files instead of
 * by loading classes, so that the analysis is safe inside a class-file transformer. The types it
 * infers at each resume point are those the save and restore code works with.
 */
final class HierarchyVerifier extends SimpleVerifier {
    private static final Type NULL = Type.getObjectType("null");

    private final ClassHierarchy hierarchy;

    HierarchyVerifier(ClassHierarchy hierarchy) {
        super(Opcodes.ASM9, null, null, null, false);
        this.hierarchy = hierarchy;
    }

    static boolean isNullType(Type t) {
        return NULL.equals(t);
    }

    @Override
    protected boolean isSubTypeOf(BasicValue value, BasicValue expected) {
        Type type = value.getType();
        Type want = expected.getType();
        if (type == null || want == null) {
            return type == null && want == null;
        }
        if (type.equals(want)) {
            return true;
        }
        int sort = want.getSort();
        if (sort == Type.OBJECT || sort == Type.ARRAY) {
            // The code was verified once already; any reference will do for typing purposes.
            return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
        }
        return false;
    }

    @Override
    protected boolean isInterface(Type type) {
        return hierarchy.isInterface(type.getInternalName());
    }

    @Override
    protected Type getSuperClass(Type type) {
        String s = hierarchy.superName(type.getInternalName());
        return s == null ? null : Type.getObjectType(s);
    }

    @Override
    protected boolean isAssignableFrom(Type to, Type from) {
        return hierarchy.isAssignableFrom(to.getInternalName(), from.getInternalName());
    }

    @Override
    protected Class<?> getClass(Type type) {
        throw new UnsupportedOperationException("gpm4j never loads classes during a rewrite: " + type);
    }
}
