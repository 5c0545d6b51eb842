package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.agent.testkit.Driver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 6: static, instance, private, final, super and interface default/static/private methods. */
class MethodKindsTest {
    @Test
    void everyKindOfMethodResumes() {
        Driver.Run run = new Driver().run("MethodKinds");
        assertEquals(List.of("f5", "l1", "private", "d2.5", "f1", "f2", "base-who", "sides", "twice4", "label4",
                "label9", "f3", "twice3", "label3"), run.yielded());
        assertEquals(List.of(55, "3/8589934593/3", "presume-33", 7.5, 34, "derived/base2", "sq:4:8:L4resume-10",
                "L9resume-11", "lam:3:6:L3resume-14"), run.result());
    }
}
