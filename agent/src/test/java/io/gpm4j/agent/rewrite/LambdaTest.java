package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.agent.testkit.Driver;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
