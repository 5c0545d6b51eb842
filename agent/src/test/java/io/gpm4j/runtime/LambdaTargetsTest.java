package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * The lambda targets the call handshake consults are per defining loader: one class name with a
 * lambda body of one name implementing different interface methods in two loaders keeps both
 * apart; a method reference to another class is found through the creating loader's parents; a
 * dropped loader's tag goes.
 */
class LambdaTargetsTest {
    private static final String OWNER = "lt/Owner";
    private static final String BODY = "lambda$work$0";

    @Test
    void oneClassNameInTwoLoadersKeepsItsOwnTargets() {
        ClassLoader a = new URLClassLoader("a", new URL[0], null);
        ClassLoader b = new URLClassLoader("b", new URL[0], null);
        LambdaTargets.implementsMethod(a, OWNER, BODY, "lt_get", true);
        LambdaTargets.implementsMethod(b, OWNER, BODY, "lt_apply", true);
        int self = MethodNames.id(BODY);
        int get = MethodNames.id("lt_get");
        int apply = MethodNames.id("lt_apply");
        assertNotEquals(LambdaTargets.key(a, OWNER, BODY), LambdaTargets.key(b, OWNER, BODY));
        assertTrue(LambdaTargets.implementsName(LambdaTargets.key(a, OWNER, BODY), self, get));
        assertFalse(LambdaTargets.implementsName(LambdaTargets.key(a, OWNER, BODY), self, apply));
        assertTrue(LambdaTargets.implementsName(LambdaTargets.key(b, OWNER, BODY), self, apply));
        assertFalse(LambdaTargets.implementsName(LambdaTargets.key(b, OWNER, BODY), self, get));
    }

    @Test
    void aMethodReferenceToAnotherClassIsFoundThroughTheParents() {
        ClassLoader parent = new URLClassLoader("parent", new URL[0], null);
        ClassLoader child = new URLClassLoader("child", new URL[0], parent);
        ClassLoader other = new URLClassLoader("other", new URL[0], null);
        LambdaTargets.implementsMethod(child, "lt/Host", "target", "lt_run", false);
        int self = MethodNames.id("target");
        int run = MethodNames.id("lt_run");
        assertTrue(LambdaTargets.implementsName(LambdaTargets.key(child, "lt/Host", "target"), self, run));
        assertTrue(LambdaTargets.implementsName(LambdaTargets.key(parent, "lt/Host", "target"), self, run));
        assertFalse(LambdaTargets.implementsName(LambdaTargets.key(other, "lt/Host", "target"), self, run));
    }

    @Test
    void aDroppedLoadersTagGoes() throws Exception {
        WeakReference<ClassLoader> dropped = register();
        int before = LambdaTargets.loaders();
        // tags are dropped at the next registration after the reference handler enqueued the key
        for (int i = 0; i < 500 && (dropped.get() != null || LambdaTargets.loaders() >= before); i++) {
            System.gc();
            Thread.sleep(10);
            LambdaTargets.implementsMethod(null, "lt/Boot", "b", "lt_x", true);
        }
        assertEquals(null, dropped.get(), "the loader is still reachable");
        assertTrue(LambdaTargets.loaders() < before, "the collected loader's tag is dropped");
    }

    private static WeakReference<ClassLoader> register() {
        ClassLoader l = new URLClassLoader("dropped", new URL[0], null);
        LambdaTargets.implementsMethod(l, OWNER, BODY, "lt_get", true);
        return new WeakReference<>(l);
    }
}
