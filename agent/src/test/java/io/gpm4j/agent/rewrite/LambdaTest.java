package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFacts;
import io.gpm4j.agent.testkit.Driver;
import io.gpm4j.agent.testkit.RewritingClassLoader;
import io.gpm4j.runtime.MethodNames;
import io.gpm4j.runtime.RuntimeNames;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Shape 9: nested lambdas, method references (same class, cross class, bound, unbound), captures. */
class LambdaTest {
    @Test
    void lambdasAndMethodReferencesResume() {
        Driver.Run run = new Driver().run("Lambdas");
        assertEquals(List.of("captured", "f2", "f1", "static-ref", "instance-ref0", "instance-ref1", "other-work",
                "shout-hey", "f2", "bi", "f3", "f4", "consume-z", "f4", "f5", "f6"), run.yielded());
        assertEquals(List.of("cap340.5resume-1", "deep20", "nested12", "heyheyresume-8",
                "1,2,[static:resume-4, work:resume-7]", 1010L, "b7resume-10", 77, "consumed:zresume-13", 43, "job50",
                "lam60"), run.result());
    }

    @Test
    void methodReferencesToOverriddenAndInterfaceMethodsResume() {
        Driver.Run run = new Driver().run("MethodRefs");
        assertEquals(List.of("worker1", "subjob2", "subjob3", "subjob4"), run.yielded());
        assertEquals(List.of("w1resume-1", "SJ2resume-2", "SJ3resume-3", "SJ4resume-4", 4), run.result());
    }

    /**
     * A method that a lambda or method reference of its own class targets gets the prologue that
     * names the interface method (the token a call through the proxy carries), so that resuming
     * it needs no lookup; other methods keep the two-argument one.
     */
    @Test
    void lambdaTargetsNameTheirInterfaceMethodInTheirPrologue() throws Exception {
        String name = "io.gpm4j.shapes.Lambdas";
        RewritingClassLoader loader = new RewritingClassLoader("io.gpm4j.shapes.");
        loader.loadClass(name);
        byte[] original;
        try (InputStream in = LambdaTest.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
            original = in.readAllBytes();
        }
        Map<String, String> implemented = new HashMap<>();
        for (ClassFacts.LambdaTarget t : ClassFacts.lambdaTargetsOf(original)) {
            if (t.implOwner().equals("io/gpm4j/shapes/Lambdas")) {
                implemented.putIfAbsent(t.implName(), t.interfaceMethod());
            }
        }
        assertEquals("run", implemented.get("staticTarget"), implemented.toString());
        ClassNode node = new ClassNode();
        new ClassReader(loader.outcome(name).bytes()).accept(node, 0);
        int withInterface = 0;
        for (MethodNode m : node.methods) {
            MethodInsnNode enter = firstEnter(m);
            if (enter == null) {
                continue; // not rewritten
            }
            String expected = implemented.get(m.name);
            if (expected == null) {
                assertEquals(RuntimeNames.ENTER_DESC, enter.desc, m.name);
            } else {
                assertEquals(RuntimeNames.ENTER_IMPLEMENTING_DESC, enter.desc, m.name);
                // the constants pushed before the call: self, implemented, key
                AbstractInsnNode implementedId = enter.getPrevious().getPrevious();
                assertEquals(MethodNames.id(expected), ((LdcInsnNode) implementedId).cst, m.name + " implements " + expected);
                withInterface++;
            }
        }
        assertTrue(withInterface >= 8, "lambda bodies and method-reference targets rewritten: " + withInterface);
        assertEquals(RuntimeNames.ENTER_DESC, firstEnter(node.methods.stream()
                .filter(m -> m.name.equals("run")).findFirst().orElseThrow()).desc);
    }

    private static MethodInsnNode firstEnter(MethodNode m) {
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).owner.equals(RuntimeNames.FRAMES)
                    && ((MethodInsnNode) insn).name.equals(RuntimeNames.ENTER)) {
                return (MethodInsnNode) insn;
            }
        }
        return null;
    }
}
