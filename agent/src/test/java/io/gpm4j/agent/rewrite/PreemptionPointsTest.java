package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.testkit.Driver;
import io.gpm4j.agent.testkit.Mailbox;
import io.gpm4j.agent.testkit.Generated;
import io.gpm4j.agent.testkit.RewritingClassLoader;
import io.gpm4j.agent.testkit.Subject;
import io.gpm4j.runtime.Preempting;
import io.gpm4j.runtime.RuntimeNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Preemption points: a goroutine asked to yield suspends at the next loop back-edge or rewritten
 * prologue, never under a monitor, and resumes with every local intact.
 */
class PreemptionPointsTest {
    @AfterEach
    void reset() {
        Preempting.enabled = true;
        Preempting.EVENTS.clear();
        Preempting.PREEMPTED_AT.clear();
        Mailbox.in = null;
        Mailbox.out = null;
    }

    /** Runs a fresh {@code Loops}, with or without preemption; its result and the log. */
    private static Object run(boolean preempt, List<String> events, int[] preemptions) {
        Preempting.EVENTS.clear();
        Preempting.enabled = preempt;
        Subject s = new Driver().subject("Loops");
        preemptions[0] = Preempting.run(s);
        events.addAll(Preempting.EVENTS);
        return s.result();
    }

    @Test
    void aRequestSuspendsAtTheNextPointAndTheResumeKeepsEveryLocal() {
        List<String> plain = new ArrayList<>();
        List<String> preempted = new ArrayList<>();
        int[] count = new int[1];
        Object expected = run(false, plain, count);
        assertEquals(0, count[0]);
        Object got = run(true, preempted, count);
        assertEquals(expected, got, "the same values with preemptions in the middle of the loops");
        assertEquals(Collections.frequency(preempted, "request"), count[0], "one preemption per request: " + preempted);
        List<String> withoutPreemptions = new ArrayList<>(preempted);
        withoutPreemptions.removeIf("preempted"::equals);
        assertEquals(plain, withoutPreemptions, "no code ran twice or was skipped");

        // where each request was honoured: the next back-edge, or the prologue of a rewritten callee
        assertHonoured(preempted, "for2", "for3");                  // for: goto
        assertHonoured(preempted, "while1", "while2");              // while (true) with break
        assertHonoured(preempted, "do3", "do4");                    // do-while: if_icmplt, two operands on the stack
        assertHonoured(preempted, "nested11", "nested12");          // the inner loop's back-edge
        assertHonoured(preempted, "nested22", "yield:wide");        // the outer one's; then the loop ends
        assertHonoured(preempted, "wide1", "wide2");                // long, double, float, char locals
        assertHonoured(preempted, "tryInLoop2", "tryInLoop3");      // back-edge after the catch
        assertHonoured(preempted, "loopInTry1", "loopInTry2");      // back-edge inside a try block
        assertHonoured(preempted, "yield:continues", "continues5"); // continue outer: the outer back-edge
        assertHonoured(preempted, "forEachb", "forEachc");          // an iterator loop
        assertHonoured(preempted, "step1", "step2");                // the callee's prologue, before the back-edge
        assertHonoured(preempted, "locked0", "unlocked1");          // nothing under the monitor...
        assertHonoured(preempted, "sync0", "afterSync1");           // ...nor in a synchronized method
        assertFalse(preempted.contains("yield:never"));

        // the dump reads each preempted frame from the frame store: the site table agrees with what was saved
        List<String> methods = Preempting.PREEMPTED_AT.stream().map(f -> f.substring(0, f.indexOf(':'))).toList();
        assertEquals(List.of("forLoop", "whileLoop", "doWhile", "nested", "nested", "wide", "tryInLoop", "loopInTry",
                "continues", "forEach", "step", "underMonitor", "syncThenLoop"), methods, Preempting.PREEMPTED_AT.toString());
        assertTrue(Preempting.PREEMPTED_AT.stream().allMatch(f -> Integer.parseInt(f.substring(f.indexOf(':') + 1)) > 0),
                Preempting.PREEMPTED_AT.toString());
    }

    /**
     * A hand-built loop that keeps a long on the operand stack across its back-edge (javac never
     * does), below the two ints its conditional jump compares: all three are saved and restored.
     */
    @Test
    void aValueOnTheOperandStackAcrossTheBackEdgeSurvives() throws Exception {
        String name = "io/gpm4j/shapes/StackLoop";
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", new String[] {"java/lang/Runnable"});
        w.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "result", "J", null, null).visitEnd();
        Generated.defaultConstructor(w);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC, "run", "()V", null, null);
        m.visitCode();
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "io/gpm4j/runtime/Continuation", "suspend", "()V", false);
        m.visitLdcInsn(1000L);                                     // acc, on the stack for the whole loop
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, 1);                         // i = 0
        m.visitLdcInsn(0.25);
        m.visitVarInsn(Opcodes.DSTORE, 2);                         // d = 0.25
        Label loop = new Label();
        Label skip = new Label();
        m.visitLabel(loop);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitInsn(Opcodes.I2L);
        m.visitInsn(Opcodes.LADD);                                 // acc += i
        m.visitVarInsn(Opcodes.DLOAD, 2);
        m.visitInsn(Opcodes.DUP2);
        m.visitInsn(Opcodes.DADD);
        m.visitVarInsn(Opcodes.DSTORE, 2);                         // d *= 2
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitInsn(Opcodes.ICONST_2);
        m.visitJumpInsn(Opcodes.IF_ICMPNE, skip);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "io/gpm4j/runtime/Preempting", "request", "()V", false);
        m.visitLabel(skip);
        m.visitIincInsn(1, 1);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitInsn(Opcodes.ICONST_5);
        m.visitJumpInsn(Opcodes.IF_ICMPLT, loop);                  // stack here: acc, i, 5
        m.visitVarInsn(Opcodes.DLOAD, 2);
        m.visitInsn(Opcodes.D2L);
        m.visitInsn(Opcodes.LADD);                                 // acc + (long) d
        m.visitFieldInsn(Opcodes.PUTSTATIC, name, "result", "J");
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();

        Generated.Loader loader = new Generated.Loader(PreemptionPointsTest.class.getClassLoader());
        ClassRewriter.Outcome o = new ClassRewriter().rewrite(w.toByteArray(), loader);
        assertEquals(List.of("run()V"), o.rewritten(), o.refused().toString());
        assertEquals(2, preemptCalls(o.bytes()), "the back-edge and the prologue");
        assertEquals(1, framesCalls(o.bytes(), RuntimeNames.PREEMPT_AT_BACK_EDGE), "the back-edge reads in opaque mode");
        assertEquals(1, framesCalls(o.bytes(), RuntimeNames.PREEMPT), "the prologue reads plainly");
        new RewritingClassLoader().verify(name, o.bytes());
        Class<?> k = loader.define(name.replace('/', '.'), o.bytes());
        Preempting.EVENTS.clear();
        int preemptions = Preempting.run((Runnable) k.getDeclaredConstructor().newInstance());
        assertEquals(1, preemptions, Preempting.EVENTS.toString());
        assertEquals(List.of("yield:null", "request", "preempted"), Preempting.EVENTS);
        assertEquals(1000L + 0 + 1 + 2 + 3 + 4 + 8, k.getField("result").getLong(null), "0.25 doubled 5 times is 8");
    }

    /**
     * The runtime's own libraries get no points (they loop holding runtime locks); a class of the
     * same package that is not shipped with the runtime does.
     */
    @Test
    void theRuntimesLibrariesGetNoPoints() throws Exception {
        ClassLoader app = PreemptionPointsTest.class.getClassLoader();
        assertTrue(PreemptionPoints.isRuntimeLibrary("io/gpm4j/Chan", app));
        assertTrue(PreemptionPoints.isRuntimeLibrary("io/gpm4j/Select", app));
        assertTrue(PreemptionPoints.isRuntimeLibrary("io/gpm4j/sync/Sema", app));
        assertTrue(PreemptionPoints.isRuntimeLibrary("io/gpm4j/runtime/park/Parking", app));
        assertFalse(PreemptionPoints.isRuntimeLibrary("io/gpm4j/runtime/Preempting", app), "a test class in a runtime package");
        assertFalse(PreemptionPoints.isRuntimeLibrary("io/gpm4j/shapes/Loops", app));
        assertFalse(PreemptionPoints.isRuntimeLibrary("com/example/Chan", app));

        byte[] chan;
        try (var in = app.getResourceAsStream("io/gpm4j/Chan.class")) {
            chan = in.readAllBytes();
        }
        ClassRewriter.Outcome o = new ClassRewriter().rewrite(chan, app);
        assertTrue(o.changed(), "Chan has suspendable methods");
        assertEquals(0, preemptCalls(o.bytes()));
        RewritingClassLoader loader = new RewritingClassLoader("io.gpm4j.shapes.");
        loader.loadClass("io.gpm4j.shapes.Loops");
        assertTrue(preemptCalls(loader.outcome("io.gpm4j.shapes.Loops").bytes()) > 20);
    }

    /** Preemption points: calls of either test. */
    private static int preemptCalls(byte[] classFile) {
        return framesCalls(classFile, RuntimeNames.PREEMPT) + framesCalls(classFile, RuntimeNames.PREEMPT_AT_BACK_EDGE);
    }

    private static int framesCalls(byte[] classFile, String name) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, 0);
        int n = 0;
        for (MethodNode m : node.methods) {
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof MethodInsnNode call && call.owner.equals(RuntimeNames.FRAMES) && call.name.equals(name)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** A request logged right after {@code last} is followed by a preemption and then by {@code next}. */
    private static void assertHonoured(List<String> events, String last, String next) {
        for (int i = 1; i < events.size(); i++) {
            if (!events.get(i).equals("request") || !events.get(i - 1).equals(last)) {
                continue;
            }
            int p = events.subList(i, events.size()).indexOf("preempted") + i;
            assertTrue(p > i && p + 1 < events.size() && events.get(p + 1).equals(next),
                    "after " + last + ": expected a preemption, then " + next + ": "
                            + events.subList(i - 1, Math.min(events.size(), i + 8)));
            return;
        }
        throw new AssertionError("no request after " + last + ": " + events);
    }
}
