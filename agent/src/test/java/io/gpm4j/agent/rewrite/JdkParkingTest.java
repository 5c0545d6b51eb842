package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.testkit.Driver;
import io.gpm4j.agent.testkit.RewritingClassLoader;
import io.gpm4j.runtime.RuntimeNames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The JDK calls that park: in rewritten code {@code Thread.sleep} and {@code Thread.yield} are
 * suspension roots, and their call sites call {@code io.gpm4j.runtime.park.ThreadCalls} instead.
 * (That a goroutine parks in them is {@code io.gpm4j.JdkCallsThatParkTest}'s, in the tests module.)
 */
class JdkParkingTest {
    private static final String THREAD_CALLS = "io/gpm4j/runtime/park/ThreadCalls";

    @Test
    void valuesLiveAcrossTheRedirectedCallsAndTheSuspensionsAroundThem() {
        Driver.Run run = new Driver().run("JdkParking");
        assertEquals(List.of("before", "after"), run.yielded());
        assertEquals(List.of(22, "yy", "nresume-1,resume-2,40000000002", "IllegalArgumentException"), run.result());
    }

    @Test
    void theCallsAreRedirectedAndTheirCallersRewritten() throws Exception {
        RewritingClassLoader loader = new RewritingClassLoader("io.gpm4j.shapes.");
        String name = "io.gpm4j.shapes.JdkParking";
        loader.loadClass(name);
        ClassRewriter.Outcome o = loader.outcome(name);
        assertEquals(List.of(), o.refused());
        assertTrue(o.rewritten().containsAll(List.of("run()V", "sleepOnly(I)I", "yieldOnly(Ljava/lang/String;)Ljava/lang/String;",
                "negative()Ljava/lang/String;")), o.rewritten().toString());
        List<String> calls = threadCalls(o.bytes());
        // run: sleep(J), yield, sleep(JI); sleepOnly: sleep(J); yieldOnly: yield; negative: sleep(J)
        List<String> sorted = new ArrayList<>(calls);
        sorted.sort(null);
        assertEquals(List.of(THREAD_CALLS + ".sleep(J)V", THREAD_CALLS + ".sleep(J)V", THREAD_CALLS + ".sleep(J)V",
                THREAD_CALLS + ".sleep(JI)V", THREAD_CALLS + ".yield()V", THREAD_CALLS + ".yield()V"), sorted);
    }

    /**
     * {@code Thread.sleep(Duration)} exists from Java 19; a class compiled for it names it whatever
     * JDK runs the agent, and its call is redirected too. Under a monitor the JDK's call stays.
     */
    @Test
    void sleepWithADurationIsRedirectedAndAMonitorKeepsTheJdkCall() throws Exception {
        String owner = "io/gpm4j/shapes/GeneratedSleeper";
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, owner, null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "nap", "(Ljava/time/Duration;)I",
                null, new String[] {"java/lang/InterruptedException"});
        mv.visitCode();
        mv.visitIntInsn(Opcodes.BIPUSH, 42);
        mv.visitVarInsn(Opcodes.ISTORE, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Thread", "sleep", "(Ljava/time/Duration;)V", false);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_SYNCHRONIZED, "locked", "()V",
                null, new String[] {"java/lang/InterruptedException"});
        mv.visitCode();
        mv.visitInsn(Opcodes.LCONST_1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Thread", "sleep", "(J)V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();

        ClassRewriter.Outcome o = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED, null)
                .rewrite(cw.toByteArray(), getClass().getClassLoader());
        assertEquals(List.of(), o.refused());
        assertEquals(List.of("nap(Ljava/time/Duration;)I"), o.rewritten());
        assertEquals(List.of(THREAD_CALLS + ".sleep(Ljava/time/Duration;)V", "java/lang/Thread.sleep(J)V"),
                threadCalls(o.bytes()));
    }

    @Test
    void theRuntimeEntryPointIsTheOneRuntimeNamesNames() {
        assertEquals(THREAD_CALLS, RuntimeNames.THREAD_CALLS);
    }

    /** The calls to {@code Thread} and {@code ThreadCalls}, in method then instruction order. */
    private static List<String> threadCalls(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        List<String> calls = new ArrayList<>();
        for (MethodNode m : node.methods) {
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof MethodInsnNode call
                        && (call.owner.equals("java/lang/Thread") && !call.name.equals("currentThread")
                        || call.owner.equals(THREAD_CALLS))) {
                    calls.add(call.owner + "." + call.name + call.desc);
                }
            }
        }
        return calls;
    }
}
