package io.gpm4j.agent.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import com.google.common.base.Joiner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.rewrite.ClassRewriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Robustness on code nobody here wrote: every method of Guava, Commons Lang and Jackson databind
 * is rewritten as if it could suspend ({@code Scope.EVERYTHING}); every rewritten class must pass
 * ASM's verifier and be loaded and linked (verified) by the JVM. Methods the rewrite refuses are
 * allowed, each with its reason. The findings go to {@code target/robustness-report.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThirdPartyJarsTest {
    private static final List<JarRun> RUNS = new ArrayList<>();

    @Test
    @Order(0)
    void linkingRunsTheJvmVerifier() throws Exception {
        // null returned as an int (old verifier, class file 52 without stack maps)
        byte[] nullAsInt = brokenClass("gpm4j/probe/NullAsInt", Opcodes.V1_8, mv -> {
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitInsn(Opcodes.IRETURN);
        });
        // an Object used as a String (type-checking verifier, class file 61)
        byte[] objectAsString = brokenClass("gpm4j/probe/ObjectAsString", Opcodes.V17, mv -> {
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/Object");
            mv.visitInsn(Opcodes.DUP);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
            mv.visitInsn(Opcodes.IRETURN);
        });
        byte[] fine = brokenClass("gpm4j/probe/Fine", Opcodes.V17, mv -> {
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.IRETURN);
        });
        JarLoader loader = new JarLoader("probe", getClass().getClassLoader(), Map.of(
                "gpm4j.probe.NullAsInt", nullAsInt, "gpm4j.probe.ObjectAsString", objectAsString,
                "gpm4j.probe.Fine", fine));
        // loading alone does not verify ...
        Class.forName("gpm4j.probe.NullAsInt", false, loader);
        Class.forName("gpm4j.probe.ObjectAsString", false, loader);
        // ... linking does
        assertInstanceOf(VerifyError.class, Linking.link("gpm4j.probe.NullAsInt", loader));
        assertInstanceOf(VerifyError.class, Linking.link("gpm4j.probe.ObjectAsString", loader));
        assertNull(Linking.link("gpm4j.probe.Fine", loader));
        // and ASM's verifier sees the same
        assertTrue(!AsmVerification.verify(nullAsInt, loader).isEmpty());
        assertTrue(!AsmVerification.verify(objectAsString, loader).isEmpty());
        assertEquals("", AsmVerification.verify(fine, loader));
    }

    /** A cast to a class the caster may not access links fine; only {@link Access} finds it. */
    @Test
    @Order(0)
    void inaccessibleCastsAreFound() throws Exception {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "gpm4j/probe/Caster", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "probe",
                "(Ljava/lang/Object;)Ljava/lang/Object;", null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/AbstractStringBuilder"); // package-private
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/CharSequence");
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        byte[] caster = cw.toByteArray();
        JarLoader loader = new JarLoader("probe", getClass().getClassLoader(), Map.of("gpm4j.probe.Caster", caster));
        assertNull(Linking.link("gpm4j.probe.Caster", loader));
        assertEquals(List.of("java.lang.AbstractStringBuilder"),
                Access.inaccessibleCasts(Class.forName("gpm4j.probe.Caster", false, loader), caster));
    }

    /**
     * The whole check catches a real rewritten class gone wrong: drop the casts after the frame
     * store pops in the restore blocks of a rewritten Guava class, keeping its stack map frames.
     */
    @Test
    @Order(0)
    void aBrokenRewriteIsCaught() throws Exception {
        String name = Joiner.class.getName();
        byte[] original;
        try (var in = getClass().getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
            original = in.readAllBytes();
        }
        ClassRewriter.Outcome o = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.EVERYTHING)
                .rewrite(original, getClass().getClassLoader());
        assertTrue(o.changed());
        int[] dropped = {0};
        ClassWriter cw = new ClassWriter(0);
        new ClassReader(o.bytes()).accept(new ClassVisitor(Opcodes.ASM9, cw) {
            @Override
            public MethodVisitor visitMethod(int access, String n, String d, String sig, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, n, d, sig, ex)) {
                    private boolean afterPop;

                    @Override
                    public void visitMethodInsn(int op, String owner, String mn, String md, boolean itf) {
                        super.visitMethodInsn(op, owner, mn, md, itf);
                        afterPop = owner.equals("io/gpm4j/runtime/Frames") && mn.equals("popObject");
                    }

                    @Override
                    public void visitTypeInsn(int op, String type) {
                        if (afterPop && op == Opcodes.CHECKCAST) {
                            afterPop = false;
                            dropped[0]++;
                            return;
                        }
                        afterPop = false;
                        super.visitTypeInsn(op, type);
                    }
                };
            }
        }, 0);
        assertTrue(dropped[0] > 0);
        byte[] broken = cw.toByteArray();
        // the whole jar child first, as in the real check (Joiner's nested classes must see this Joiner)
        Map<String, byte[]> guava = JarClasses.of("guava", Joiner.class).classes;
        Map<String, byte[]> brokenJar = new HashMap<>(guava);
        brokenJar.put(name, broken);
        JarLoader loader = new JarLoader("broken", getClass().getClassLoader(), brokenJar);
        assertTrue(!AsmVerification.verify(broken, loader).isEmpty(), "ASM's verifier misses it");
        Throwable t = Linking.link(name, loader);
        assertInstanceOf(VerifyError.class, t, "the JVM misses it");
        assertTrue(String.valueOf(t.getMessage()).contains("Joiner"), String.valueOf(t));
        Map<String, byte[]> fineJar = new HashMap<>(guava);
        fineJar.put(name, o.bytes());
        JarLoader fine = new JarLoader("fine", getClass().getClassLoader(), fineJar);
        assertEquals("", AsmVerification.verify(o.bytes(), fine));
        assertNull(Linking.link(name, fine));
    }

    @Test
    @Order(1)
    void guava() {
        check(JarClasses.of("guava", com.google.common.collect.ImmutableList.class));
    }

    @Test
    @Order(2)
    void commonsLang() {
        check(JarClasses.of("commons-lang3", org.apache.commons.lang3.StringUtils.class));
    }

    @Test
    @Order(3)
    void jacksonDatabind() {
        check(JarClasses.of("jackson-databind", com.fasterxml.jackson.databind.ObjectMapper.class));
    }

    @AfterAll
    static void report() {
        if (RUNS.isEmpty()) {
            return;
        }
        Path file = Path.of(System.getProperty("basedir", "."), "target", "robustness-report.md");
        Report.write(file, RUNS);
        System.out.println("gpm4j robustness (Scope.EVERYTHING), report: " + file.toAbsolutePath().normalize());
        System.out.print(Report.table(RUNS));
    }

    private void check(JarClasses jar) {
        JarRun r = checked(jar, getClass().getClassLoader());
        synchronized (RUNS) {
            RUNS.add(r);
        }
    }

    /**
     * Rewrites the jar wholesale ({@link JarRun}) and asserts that every rewritten class passes
     * ASM's verifier and the JVM's, casts only to classes it may access, and that every method
     * refused says why. Also used by {@link ForeignBytecodeTest}.
     */
    static JarRun checked(JarClasses jar, ClassLoader parent) {
        JarRun r = JarRun.run(jar, parent);
        String label = jar.label + ": ";
        assertTrue(jar.classes.size() >= 100, label + "too few classes read from " + jar.jar);
        assertTrue(r.classesRewritten > jar.classes.size() / 2, label + "too few classes rewritten");
        assertTrue(r.baselineFailures.size() < jar.classes.size() / 10,
                label + "too many original classes fail to load: the harness is broken? " + first(r.baselineFailures));
        assertEquals(Map.of(), r.rewriteCrashes, label + "the rewrite threw");
        assertEquals(Map.of(), r.asmFailures, label + "rewritten classes fail ASM's verifier");
        assertEquals(Map.of(), r.loadFailures, label + "rewritten classes fail to load or link");
        assertEquals(r.classesRewritten - r.rewrittenButExcluded, r.classesLinkedRewritten,
                label + "rewritten classes not linked from their rewritten bytes");
        assertEquals(Map.of(), r.accessFailures, label + "rewritten classes cast to classes they may not access");
        List<String> unexplained = r.refused.stream()
                .filter(x -> x.reason().isBlank() || x.reason().equals("null"))
                .map(x -> x.className() + "." + x.method())
                .collect(Collectors.toList());
        assertEquals(List.of(), unexplained, label + "refused methods without a reason");
        return r;
    }

    private static String first(Map<String, String> m) {
        return m.isEmpty() ? "" : m.entrySet().iterator().next().toString();
    }

    private static byte[] brokenClass(String name, int version, java.util.function.Consumer<MethodVisitor> body) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "probe", "()I", null, null);
        mv.visitCode();
        body.accept(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
