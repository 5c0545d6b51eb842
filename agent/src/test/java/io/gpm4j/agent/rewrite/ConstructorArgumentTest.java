package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.agent.testkit.Driver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 2: objects under construction ({@code NEW}/{@code DUP} on the stack) across a suspension. */
class ConstructorArgumentTest {
    @Test
    void uninitialisedObjectsAreRebuilt() {
        Driver.Run run = new Driver().run("ConstructorArguments");
        assertEquals(List.of("f1", "f2", "f3", "f4", "f5", "ssb", "l1", "sw", "f6", "f7", "f10", "f11", "f8",
                "direct"), run.yielded());
        assertEquals(List.of("B10", "(B20,30)", "(p,(B40,B50))", "sb!resume-6.", "8589934592;2;3.5;w!resume-8",
                "pB60", "B70", "(0,B100)", "(1,B110)", 89, "(B1,resume-14)"),
                ((List<?>) run.result()).stream().map(o -> o instanceof Integer ? o : o.toString()).toList());
    }
}
