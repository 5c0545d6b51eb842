package io.gpm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.rewrite.ClassRewriter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class RewritingTransformerTest {
    private final RewritingTransformer transformer = new RewritingTransformer(AgentOptions.parse(null),
            new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED));
    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void rewritesASuspendableClassAndLeavesOthersAlone() throws Exception {
        byte[] yield = bytesOf("io/gpm4j/shapes/Yield");
        assertNotNull(transformer.transform(loader, "io/gpm4j/shapes/Yield", null, null, yield));
        byte[] mailbox = bytesOf("io/gpm4j/agent/testkit/Mailbox");
        assertNull(transformer.transform(loader, "io/gpm4j/agent/testkit/Mailbox", null, null, mailbox));
        assertNull(transformer.transform(loader, "java/lang/Thread", null, null, yield), "JDK names are never rewritten");
        assertNull(transformer.transform(null, "com/acme/Boot", null, null, yield), "the boot loader is never rewritten");
    }

    @Test
    void aClassThatCannotBeRewrittenIsLeftAsItWasWithOneWarningLine() {
        byte[] odd = uninitializedInALocal();
        String err = captureStderr(() -> assertNull(transformer.transform(loader, "com/acme/Odd", null, null, odd)));
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("gpm4j: warning: could not rewrite com.acme.Odd (left unchanged): "), err);
        assertTrue(err.contains("object under construction"), err);
    }

    @Test
    void garbageBytesNeverThrowIntoTheJvm() {
        String err = captureStderr(() ->
                assertNull(transformer.transform(loader, "com/acme/Broken", null, null, new byte[] {1, 2, 3})));
        assertTrue(err.startsWith("gpm4j: warning: could not rewrite com.acme.Broken (left unchanged)"), err);
    }

    /** {@code NEW; ASTORE} before a suspension: legal bytecode, but no frame can be rebuilt around it. */
    private static byte[] uninitializedInALocal() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/Odd", null, "java/lang/Object", null);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "odd", "()Ljava/lang/Object;", null, null);
        m.visitCode();
        m.visitTypeInsn(Opcodes.NEW, "java/lang/Object");
        m.visitVarInsn(Opcodes.ASTORE, 0);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "io/gpm4j/runtime/Continuation", "suspend", "()V", false);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    private byte[] bytesOf(String internalName) throws Exception {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    private static String captureStderr(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
