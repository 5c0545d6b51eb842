package io.gpm4j.agent.testkit;

import io.gpm4j.runtime.RuntimeNames;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * For tests that write a class with ASM (a bytecode shape javac does not produce, or one too
 * large to write by hand), rewrite it and run it: the pieces every such class needs.
 */
public final class Generated {
    private Generated() {
    }

    /**
     * Defines one class from bytes already rewritten. The rewrite must be told of this loader:
     * the call-site table, which strict mode reads at every suspension, is keyed by it.
     */
    public static final class Loader extends ClassLoader {
        public Loader(ClassLoader parent) {
            super(parent);
        }

        /** Defines {@code binaryName} ({@code pkg.Name}) from {@code bytes}. */
        public Class<?> define(String binaryName, byte[] bytes) {
            return defineClass(binaryName, bytes, 0, bytes.length);
        }
    }

    /** A call of {@code Continuation.suspend()}, the root of every suspension. */
    public static void suspend(MethodVisitor mv) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, RuntimeNames.CONTINUATION, RuntimeNames.SUSPEND,
                RuntimeNames.SUSPEND_DESC, false);
    }

    /** {@code public <init>()}, calling {@code Object}'s. */
    public static void defaultConstructor(ClassWriter cw) {
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
    }

    /**
     * {@code static void step(boolean suspend)}: suspends when its argument is true. The analysis
     * sees it as suspendable, so every call of it is a resumable site, whatever the argument.
     */
    public static void suspendingStep(ClassWriter cw) {
        MethodVisitor step = cw.visitMethod(Opcodes.ACC_STATIC, "step", "(Z)V", null, null);
        step.visitCode();
        Label skip = new Label();
        step.visitVarInsn(Opcodes.ILOAD, 0);
        step.visitJumpInsn(Opcodes.IFEQ, skip);
        suspend(step);
        step.visitLabel(skip);
        step.visitInsn(Opcodes.RETURN);
        step.visitMaxs(0, 0);
        step.visitEnd();
    }
}
