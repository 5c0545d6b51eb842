package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.analysis.SuspendableMethods;
import io.gpm4j.agent.testkit.Driver;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

/**
 * {@code @io.gpm4j.Suspendable}, Quasar's {@code @Suspendable} and Quasar's
 * {@code throws SuspendExecution} (both recognised by name) cover what inference cannot see: a call to a concrete method whose override, loaded later, suspends.
 */
class SuspendableAnnotationTest {
    private static final String HOOKS = "io/gpm4j/shapes/Hooks";

    @Test
    void annotatedMethodsAreSuspendableAndCallsToThemAreResumable() {
        SuspendableMethods analysis = new SuspendableMethods(new ClassFiles(), getClass().getClassLoader());
        assertTrue(analysis.isSuspendable(HOOKS, "gpm4jHook", "()Ljava/lang/String;"));
        assertTrue(analysis.isSuspendable(HOOKS, "quasarHook", "()Ljava/lang/String;"));
        assertTrue(analysis.isSuspendable(HOOKS, "quasarThrowsHook", "()Ljava/lang/String;"));
        assertFalse(analysis.isSuspendable(HOOKS, "unannotatedHook", "()Ljava/lang/String;"));
        assertTrue(analysis.isSuspendableCall(Opcodes.INVOKEVIRTUAL, HOOKS, "gpm4jHook", "()Ljava/lang/String;"));
        assertTrue(analysis.isSuspendableCall(Opcodes.INVOKEVIRTUAL, HOOKS, "quasarHook", "()Ljava/lang/String;"));
        assertTrue(analysis.isSuspendableCall(Opcodes.INVOKEVIRTUAL, HOOKS, "quasarThrowsHook", "()Ljava/lang/String;"));
        assertFalse(analysis.isSuspendableCall(Opcodes.INVOKEVIRTUAL, HOOKS, "unannotatedHook", "()Ljava/lang/String;"));
    }

    @Test
    void suspendingOverridesOfAnnotatedMethodsSuspendInsteadOfPinning() {
        Driver.Run run = new Driver().run("AnnotatedCalls");
        assertEquals(List.of("gpm4j hook", "quasar hook", "throws hook"), run.yielded());
        assertEquals("gpm4j:resume-1,quasar:resume-2,throws:resume-3,42", run.result());
    }
}
