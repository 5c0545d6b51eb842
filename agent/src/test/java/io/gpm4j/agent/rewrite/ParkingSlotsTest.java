package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.testkit.Generated;
import io.gpm4j.agent.testkit.RewritingClassLoader;
import io.gpm4j.runtime.Continuation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Every resumable site of a method parks its receiver and arguments in the same slots: a method
 * of many sites keeps a few parking slots, not thousands (ASM's frame computation pays for every
 * local at every merge: a method of 1,000 sites took seconds to rewrite with a slot per argument),
 * and the values each site parks still come back right when it suspends and resumes.
 */
class ParkingSlotsTest {
    private static final String NAME = "gen/ManySites";
    private static final int SITES = 600;

    /** A static method of 600 sites of three arities, each suspending, whose sum tells whether every argument came back. */
    private static byte[] manySites() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, NAME, null, "java/lang/Object",
                new String[] {"java/lang/Runnable"});
        // static long one(long a): suspends, returns a
        MethodVisitor one = cw.visitMethod(Opcodes.ACC_STATIC, "one", "(J)J", null, null);
        one.visitCode();
        Generated.suspend(one);
        one.visitVarInsn(Opcodes.LLOAD, 0);
        one.visitInsn(Opcodes.LRETURN);
        one.visitMaxs(0, 0);
        one.visitEnd();
        // static long three(int a, long b, String c): suspends, returns a + b + c.length()
        MethodVisitor three = cw.visitMethod(Opcodes.ACC_STATIC, "three", "(IJLjava/lang/String;)J", null, null);
        three.visitCode();
        Generated.suspend(three);
        three.visitVarInsn(Opcodes.ILOAD, 0);
        three.visitInsn(Opcodes.I2L);
        three.visitVarInsn(Opcodes.LLOAD, 1);
        three.visitInsn(Opcodes.LADD);
        three.visitVarInsn(Opcodes.ALOAD, 3);
        three.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
        three.visitInsn(Opcodes.I2L);
        three.visitInsn(Opcodes.LADD);
        three.visitInsn(Opcodes.LRETURN);
        three.visitMaxs(0, 0);
        three.visitEnd();
        // public static long many(): sum of one(i) and three(i, 2i, "x".repeat(i % 5)) over the sites
        MethodVisitor many = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "many", "()J", null, null);
        many.visitCode();
        many.visitInsn(Opcodes.LCONST_0);
        for (int i = 0; i < SITES; i++) {
            if (i % 2 == 0) {
                many.visitLdcInsn((long) i);
                many.visitMethodInsn(Opcodes.INVOKESTATIC, NAME, "one", "(J)J", false);
            } else {
                many.visitLdcInsn(i);
                many.visitLdcInsn(2L * i);
                many.visitLdcInsn("x".repeat(i % 5));
                many.visitMethodInsn(Opcodes.INVOKESTATIC, NAME, "three", "(IJLjava/lang/String;)J", false);
            }
            many.visitInsn(Opcodes.LADD);
        }
        many.visitInsn(Opcodes.LRETURN);
        many.visitMaxs(0, 0);
        many.visitEnd();
        // a Runnable whose run() stores many() in the static field result
        cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "result", "J", null, null).visitEnd();
        Generated.defaultConstructor(cw);
        MethodVisitor run = cw.visitMethod(Opcodes.ACC_PUBLIC, "run", "()V", null, null);
        run.visitCode();
        run.visitMethodInsn(Opcodes.INVOKESTATIC, NAME, "many", "()J", false);
        run.visitFieldInsn(Opcodes.PUTSTATIC, NAME, "result", "J");
        run.visitInsn(Opcodes.RETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static long expected() {
        long sum = 0;
        for (int i = 0; i < SITES; i++) {
            sum += i % 2 == 0 ? i : i + 2L * i + i % 5;
        }
        return sum;
    }

    @Test
    void manySitesShareTheirParkingSlotsAndEachGetsItsArgumentsBack() throws Exception {
        Generated.Loader loader = new Generated.Loader(getClass().getClassLoader());
        ClassRewriter.Outcome o = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED)
                .rewrite(manySites(), loader);
        assertEquals(List.of(), o.refused());
        ClassNode node = new ClassNode();
        new ClassReader(o.bytes()).accept(node, 0);
        MethodNode many = node.methods.stream().filter(m -> m.name.equals("many")).findFirst().orElseThrow();
        // the running sum is on the operand stack; the parking slots hold at most int + long + String (4),
        // plus the continuation's local: a slot per argument would be about 1,500
        assertTrue(many.maxLocals <= 8, "many's locals: " + many.maxLocals);
        new RewritingClassLoader().verify(NAME, o.bytes());

        Class<?> loaded = loader.define("gen.ManySites", o.bytes()); // the loader the call-site table knows
        Continuation c = new Continuation((Runnable) loaded.getConstructor().newInstance());
        int suspensions = 0;
        while (!c.run()) {
            suspensions++;
        }
        assertEquals(SITES, suspensions, "one suspension per site");
        assertEquals(expected(), loaded.getField("result").getLong(null), "every site got its arguments back");
    }
}
