package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.testkit.Driver;
import io.gpm4j.agent.testkit.Generated;
import io.gpm4j.agent.testkit.Mailbox;
import io.gpm4j.agent.testkit.RewritingClassLoader;
import io.gpm4j.agent.testkit.Subject;
import io.gpm4j.runtime.Continuation;
import io.gpm4j.runtime.PinReason;
import io.gpm4j.runtime.RuntimeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Shape 14: direct calls ({@link DirectCalls}). A static or private method its class calls is
 * split; the class's resumable sites call the body half with their continuation, everything else
 * enters by the entry half. Checked by running every shape of {@code io.gpm4j.shapes.Direct}
 * through suspensions, a pin and a plain thread, and by reading the code the rewrite wrote.
 */
class DirectCallsTest {
    private static final String OWNER = "io/gpm4j/shapes/Direct";
    private static final String C = RuntimeNames.CONTINUATION_DESC;
    /** Int locals live across every site of the generated method too large once rewritten. */
    private static final int LIVE = 150;

    @Test
    void everyShapeSuspendsAndResumesThroughBodyHalves() {
        Driver driver = new Driver();
        Subject s = driver.subject("Direct");
        List<PinReason> pins = new ArrayList<>();
        List<String> pinFrames = new ArrayList<>();
        Continuation c = new Continuation(s, (reason, frame) -> {
            pins.add(reason);
            pinFrames.add(frame.getClassName() + "." + frame.getMethodName());
            Mailbox.in = "pinned-" + pins.size();
        });
        List<Object> yielded = new ArrayList<>();
        while (!c.run()) {
            yielded.add(Mailbox.out);
            Mailbox.in = "resume-" + yielded.size();
        }
        assertEquals(List.of("wide2", "wide1", "bottom", "before-throw", "referenced", "referenced", "trace", "wide1",
                "closed", "open"), yielded);
        // the call under the monitor took the entry half, found no token and ran detached: pinned, by the monitor
        assertEquals(List.of(PinReason.MONITOR), pins);
        assertEquals(List.of("io.gpm4j.shapes.Direct.run"), pinFrames);
        assertEquals(List.of(
                "2:20:1.25:w:7:resume-1|1:10:1.75:ww:7:resume-2|", // every slot after the wide arguments moved one up
                50, // 8 ("resume-3") + 7 + 14 + 21
                "thrown at the bottom",
                "rresume-5rresume-6", // through the method reference's proxy, then directly
                "mpinned-1",
                "traceNames x4", // four levels of body halves, no entry half: run calls the body half itself
                "in:1:10:0.25:c:4:resume-8|", // from another class: the handshake, then the entry half
                10, // 8 ("resume-9") + 2: a final method's recursion, direct
                1011, // 1000 + 9 ("resume-10") + 2: every level of the overridable recursion went through the override
                55L), s.result());
    }

    @Test
    void aSplitMethodRunsOnAPlainThreadThroughItsEntryHalf() throws Exception {
        Class<?> direct = new Driver().loader().loadClass("io.gpm4j.shapes.Direct");
        assertEquals(55L, direct.getMethod("sum", int.class).invoke(null, 10));
    }

    @Test
    void theClassIsSplitAndItsSitesCallBodyHalvesDirectly() throws Exception {
        Driver driver = new Driver();
        driver.loader().loadClass("io.gpm4j.shapes.Direct");
        ClassNode node = new ClassNode();
        new ClassReader(driver.loader().outcome("io.gpm4j.shapes.Direct").bytes()).accept(node, 0);
        Map<String, MethodNode> methods = new TreeMap<>();
        node.methods.forEach(m -> methods.put(m.name + m.desc, m));

        for (String split : List.of("wide(JDLjava/lang/String;J)Ljava/lang/String;", "deep(I)I", "fails(I)I",
                "referenced()Ljava/lang/String;", "underMonitor()Ljava/lang/String;", "monitored()Ljava/lang/Object;",
                "atMonitorLine()Ljava/lang/Object;", "traceNames(I)Ljava/lang/String;", "sum(I)J")) {
            MethodNode entry = methods.get(split);
            String bodyDesc = split.substring(split.indexOf('(')).replace(")", C + ")");
            String name = split.substring(0, split.indexOf('('));
            MethodNode body = methods.get(name + bodyDesc);
            assertTrue(body != null, split + " has a body half");
            assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC | (entry.access & Opcodes.ACC_STATIC), body.access,
                    split + ": the body half is private and synthetic");
            // the entry half: the lookup, the body half, nothing else, and no line of its own
            List<String> calls = calls(entry);
            assertEquals(List.of(RuntimeNames.FRAMES + "." + RuntimeNames.ENTRY, OWNER + "." + name + bodyDesc), calls,
                    split + " entry half");
            assertTrue(lines(entry).isEmpty(), split + ": the entry half has no line");
        }
        // not split: a method no code of the class calls
        assertTrue(methods.get("run()V") != null && methods.get("run()V".replace(")", C + ")")) == null);
        // in a class that is not final: the final method is split, the overridable one is not
        driver.loader().loadClass("io.gpm4j.shapes.Direct$Open");
        ClassNode open = new ClassNode();
        new ClassReader(driver.loader().outcome("io.gpm4j.shapes.Direct$Open").bytes()).accept(open, 0);
        List<String> openMethods = new ArrayList<>();
        open.methods.forEach(m -> openMethods.add(m.name + m.desc));
        assertTrue(openMethods.contains("closed(I" + C + ")I"), openMethods.toString());
        assertTrue(!openMethods.contains("open(I" + C + ")I"), openMethods.toString());

        // run's own calls of split methods: straight to the body half, the continuation last, the unwinding test after
        MethodNode run = methods.get("run()V");
        int direct = 0;
        for (AbstractInsnNode insn : run.instructions) {
            if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).owner.equals(OWNER)
                    && ((MethodInsnNode) insn).desc.contains(C + ")")) {
                direct++;
                MethodInsnNode call = (MethodInsnNode) insn;
                AbstractInsnNode before = call.getPrevious();
                assertTrue(before instanceof VarInsnNode && before.getOpcode() == Opcodes.ALOAD, call.name);
                MethodInsnNode test = (MethodInsnNode) call.getNext().getNext();
                assertEquals(RuntimeNames.UNWINDING, test.name, call.name);
                // no token handed over for a direct call: the last handshake call before it is not Frames.call
                assertTrue(!lastFramesCallBefore(call).equals(RuntimeNames.CALL), call.name + " hands a token");
            }
        }
        // wide, deep, fails, referenced, traceNames, sum; underMonitor is called under the monitor: the entry half
        assertEquals(6, direct);
        assertTrue(calls(run).contains(OWNER + ".underMonitor()Ljava/lang/String;"), "the monitor's call takes the entry half");
        // the body half of deep calls itself directly
        assertTrue(calls(methods.get("deep(I" + C + ")I")).contains(OWNER + ".deep(I" + C + ")I"));
    }

    /**
     * A split method too large once rewritten keeps its split (the class's other methods call its
     * body half) with the body half as the method was: it runs, detached, and the class loads and
     * passes the verifier.
     */
    @Test
    void aBodyHalfTooLargeOnceRewrittenStaysSplitAndRunsUnrewritten() throws Exception {
        String name = "gen/Big";
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, name, null, "java/lang/Object", null);
        Generated.suspendingStep(cw);
        // 150 int locals live across 100 sites: about 3 KB as written, each site's save and restore
        // blocks about 1.2 KB (every local saved and restored), well over 64 KB once rewritten
        MethodVisitor big = cw.visitMethod(Opcodes.ACC_STATIC, "big", "(I)I", null, null);
        big.visitCode();
        for (int l = 1; l <= LIVE; l++) {
            big.visitVarInsn(Opcodes.ILOAD, 0);
            big.visitVarInsn(Opcodes.ISTORE, l);
        }
        for (int i = 0; i < 100; i++) {
            big.visitInsn(Opcodes.ICONST_0);
            big.visitMethodInsn(Opcodes.INVOKESTATIC, name, "step", "(Z)V", false);
            big.visitIincInsn(0, 1);
        }
        big.visitVarInsn(Opcodes.ILOAD, 0);
        for (int l = 1; l <= LIVE; l++) {
            big.visitVarInsn(Opcodes.ILOAD, l);
            big.visitInsn(Opcodes.IADD);
        }
        big.visitInsn(Opcodes.IRETURN);
        big.visitMaxs(0, 0);
        big.visitEnd();
        MethodVisitor caller = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "caller", "()I", null, null);
        caller.visitCode();
        caller.visitInsn(Opcodes.ICONST_1);
        caller.visitMethodInsn(Opcodes.INVOKESTATIC, name, "big", "(I)I", false);
        caller.visitInsn(Opcodes.IRETURN);
        caller.visitMaxs(0, 0);
        caller.visitEnd();
        cw.visitEnd();
        byte[] original = cw.toByteArray();
        Generated.Loader loader = new Generated.Loader(getClass().getClassLoader());
        ClassRewriter.Outcome o = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED)
                .rewrite(original, loader);
        assertTrue(o.changed(), "the class is rewritten");
        assertEquals(List.of("big(I)I: too large once rewritten"), o.refused());
        Class<?> loaded = splitKeptAsWritten(o, loader, name, "big", "(I" + C + ")I");
        assertEquals(101 + LIVE, loaded.getMethod("caller").invoke(null)); // x = 1 + 100, and each local 1
    }

    /**
     * A split method the rewrite refuses (here an object under construction kept in a local
     * across a suspendable call, which no resume could rebuild) keeps its split: its body half is
     * the method as written, so the class's direct calls still find it, and it runs detached.
     */
    @Test
    void aBodyHalfTheRewriteRefusesStaysSplitAndRunsUnrewritten() throws Exception {
        String name = "gen/Refused";
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, name, null, "java/lang/Object", null);
        Generated.suspendingStep(cw);
        // static String made(): new StringBuilder kept uninitialised in a local across step(false)
        MethodVisitor made = cw.visitMethod(Opcodes.ACC_STATIC, "made", "()Ljava/lang/String;", null, null);
        made.visitCode();
        made.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
        made.visitVarInsn(Opcodes.ASTORE, 0);
        made.visitInsn(Opcodes.ICONST_0);
        made.visitMethodInsn(Opcodes.INVOKESTATIC, name, "step", "(Z)V", false);
        made.visitVarInsn(Opcodes.ALOAD, 0);
        made.visitLdcInsn("made");
        made.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
        made.visitVarInsn(Opcodes.ALOAD, 0);
        made.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;", false);
        made.visitInsn(Opcodes.ARETURN);
        made.visitMaxs(0, 0);
        made.visitEnd();
        MethodVisitor caller = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "caller",
                "()Ljava/lang/String;", null, null);
        caller.visitCode();
        caller.visitMethodInsn(Opcodes.INVOKESTATIC, name, "made", "()Ljava/lang/String;", false);
        caller.visitInsn(Opcodes.ARETURN);
        caller.visitMaxs(0, 0);
        caller.visitEnd();
        cw.visitEnd();

        Generated.Loader loader = new Generated.Loader(getClass().getClassLoader());
        ClassRewriter.Outcome o = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED)
                .rewrite(cw.toByteArray(), loader);
        assertEquals(1, o.refused().size(), o.refused().toString());
        assertTrue(o.refused().get(0).startsWith("made()Ljava/lang/String;: an object under construction"),
                o.refused().toString());
        Class<?> loaded = splitKeptAsWritten(o, loader, name, "made", "(" + C + ")Ljava/lang/String;");
        assertEquals("made", loaded.getMethod("caller").invoke(null));
    }

    /**
     * Checks that the generated class {@code name}'s method {@code method}, which the rewrite could
     * not rewrite, is still split: its body half ({@code bodyDesc}) is the method as written (no
     * call of {@code Frames}) and the class's {@code caller} calls it. Verifies the class and
     * defines it with {@code loader}.
     */
    private static Class<?> splitKeptAsWritten(ClassRewriter.Outcome o, Generated.Loader loader, String name,
                                               String method, String bodyDesc) {
        ClassNode node = new ClassNode();
        new ClassReader(o.bytes()).accept(node, 0);
        MethodNode body = node.methods.stream().filter(m -> m.name.equals(method) && m.desc.equals(bodyDesc))
                .findFirst().orElseThrow();
        assertTrue(calls(body).stream().noneMatch(c -> c.startsWith(RuntimeNames.FRAMES)), "the body half is unrewritten");
        assertTrue(calls(node.methods.stream().filter(m -> m.name.equals("caller")).findFirst().orElseThrow())
                .contains(name + "." + method + bodyDesc), "caller calls the body half");
        new RewritingClassLoader().verify(name, o.bytes());
        return loader.define(name.replace('/', '.'), o.bytes());
    }

    private static String lastFramesCallBefore(MethodInsnNode call) {
        for (AbstractInsnNode p = call.getPrevious(); p != null; p = p.getPrevious()) {
            if (p instanceof MethodInsnNode && ((MethodInsnNode) p).owner.equals(RuntimeNames.FRAMES)) {
                return ((MethodInsnNode) p).name;
            }
            if (p instanceof MethodInsnNode) {
                return "";
            }
        }
        return "";
    }

    private static List<String> calls(MethodNode m) {
        List<String> out = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode) {
                MethodInsnNode call = (MethodInsnNode) insn;
                out.add(call.owner + "." + call.name + (call.owner.equals(RuntimeNames.FRAMES) ? "" : call.desc));
            }
        }
        return out;
    }

    private static List<Integer> lines(MethodNode m) {
        List<Integer> out = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof LineNumberNode) {
                out.add(((LineNumberNode) insn).line);
            }
        }
        return out;
    }
}
