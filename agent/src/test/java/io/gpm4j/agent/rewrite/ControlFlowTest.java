package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.agent.testkit.Driver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 4: loops, switches (tableswitch, lookupswitch, strings, enums) and ternaries. */
class ControlFlowTest {
    @Test
    void branchesAndLoopsResumeInPlace() {
        Driver.Run run = new Driver().run("ControlFlow");
        assertEquals(List.of("f0", "f1", "f2", "f1", "f3", "g", "g", "f0", "f0", "each-x", "each-y", "it-l1",
                "it-l2", "f0", "case2-t1a", "case2-t2", "g", "f7", "f5", "beta", "f1", "blue", "which", "color", "f3",
                "f1", "f4", "g", "f5", "hi", "f1", "g", "f2"), run.yielded());
        assertEquals(List.of(30, 69L, 8, 1, "xresume-10", "yresume-11", "l1resume-12", "l2resume-13", "t00",
                "t1aresume-15", "t2resume-16", "t3d", 2066, "A505Bresume-204?7", "r100.5", "other1.5",
                "bresume-222.5", "preGthirty", 55, "[50]resume-30", "true,true"), run.result());
    }
}
