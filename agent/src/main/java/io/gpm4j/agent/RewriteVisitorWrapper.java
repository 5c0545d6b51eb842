package io.gpm4j.agent;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Plugs the gpm4j rewrite into Byte Buddy's class-file pipeline: the class Byte Buddy reads is
 * captured whole, rewritten by {@link RewritingTransformer} (which works on complete class files:
 * it analyses every method of the class together), and replayed into Byte Buddy's writer.
 */
final class RewriteVisitorWrapper implements AsmVisitorWrapper {
    private final RewritingTransformer transformer;
    private final ClassLoader loader;

    RewriteVisitorWrapper(RewritingTransformer transformer, ClassLoader loader) {
        this.transformer = transformer;
        this.loader = loader;
    }

    @Override
    public int mergeWriter(int flags) {
        return flags;
    }

    @Override
    public int mergeReader(int flags) {
        return flags & ~ClassReader.SKIP_FRAMES & ~ClassReader.SKIP_CODE;
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor downstream,
                             Implementation.Context context, TypePool typePool,
                             FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                             int writerFlags, int readerFlags) {
        ClassWriter capture = new ClassWriter(0);
        return new ClassVisitor(Opcodes.ASM9, capture) {
            private String name;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                this.name = name;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public void visitEnd() {
                super.visitEnd();
                byte[] original = capture.toByteArray();
                byte[] rewritten = transformer.transform(loader, name, null, null, original);
                new ClassReader(rewritten == null ? original : rewritten).accept(downstream, 0);
            }
        };
    }
}
